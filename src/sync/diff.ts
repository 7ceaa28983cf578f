/**
 * Finds what a user changed by comparing what was read back from the sheet with the pulled base,
 * field by field; never from change events, which Excel drops on paste, undo and WPS.
 */
import { flattenData, type FieldPath, type SubmissionData } from '../model/submission';
import { currentValue, sameValue } from './merge';
import type { FieldEdit } from './protocol';

export function diffData(base: SubmissionData, edited: SubmissionData): FieldEdit[] {
  const paths = new Set<FieldPath>([...flattenData(base).keys(), ...flattenData(edited).keys()]);
  const out: FieldEdit[] = [];
  for (const field of [...paths].sort()) {
    const b = currentValue(base, field);
    const v = currentValue(edited, field);
    if (!sameValue(b, v)) out.push({ field, pulled: b, value: v });
  }
  return out;
}
