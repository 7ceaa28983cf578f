/**
 * What a check says about a figure or a task. The same shape comes out of the rules engine in the
 * add-in, the CLI and the server, and the template engine maps `field` back to the cell it came from.
 */
import type { Bilingual } from './i18n';
import type { Period } from './plan';
import type { FieldPath } from './submission';

/** error: must be fixed before submitting; warning: may stay with an explanation (说明); info: for the reader. */
export type Severity = 'error' | 'warning' | 'info';

/** The one label of each severity. */
export const SEVERITY_LABELS: Record<Severity, Bilingual> = {
  error: { zh: '错误', en: 'error' },
  warning: { zh: '警告', en: 'warning' },
  info: { zh: '提示', en: 'info' },
};

export type FindingSubject =
  { kind: 'figure'; orgUnit: string; indicator: string; period: Period } | { kind: 'task'; orgUnit: string; taskNo: number; period: Period } | { kind: 'submission'; orgUnit: string; period: Period };

export interface Finding {
  /** Stable rule id ('cumulative-decrease', 'target-ceiling' …): scripts and translations key on it. */
  rule: string;
  severity: Severity;
  subject: FindingSubject;
  /** The field the finding points at ('figures/地区生产总值/value'), when it points at one. */
  field: FieldPath | null;
  /** What is wrong and what to do, in both languages. */
  message: Bilingual;
  /** The numbers involved (value, previous, ratio, target …), for display and for tests. */
  numbers: Record<string, number | null>;
  /** A warning the unit has explained (说明 filled); explained warnings do not block a submission. */
  explained: boolean;
  /**
   * Every field of the subject's unit and period a 审核公式 read ('figures/规模以上工业增加值/value', 'tasks/3/progress'),
   * so annotate can mark all the cells a formula compared, not only `field`. Absent for the built-in kinds.
   */
  reads?: FieldPath[];
}

/** Whether a submission may go up: no errors, and every warning explained. The one place this is decided. */
export function canSubmit(findings: readonly Finding[]): boolean {
  return findings.every((f) => f.severity === 'info' || (f.severity === 'warning' && f.explained));
}
