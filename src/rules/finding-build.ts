/**
 * Building the findings of the built-in checks: one object per finding, made only when a check fires,
 * so the clean path of the engine allocates nothing (bench/rules.bench.ts).
 */
import type { Figure } from '../model/submission';
import { figurePath } from '../model/submission';
import type { Finding, FindingSubject, Severity } from '../model/finding';
import type { IndicatorDef } from './catalog';
import type { RuleDef } from './ruleset';
import { message, type MessageId, type MsgParams } from './messages';

/** The field of a figure a finding points at, with its name in the Chinese messages. */
export const FIELD_ZH = { value: '数值', growth: '同比增长', sameLastYear: '上年同期' } as const;
export type FigureField = keyof typeof FIELD_ZH;

/** A finding; `explained` only for a warning whose cell carries a 说明 (`noted`). */
export function makeFinding(rule: string, severity: Severity, subject: FindingSubject, field: string | null, msg: { zh: string; en: string }, numbers: Record<string, number | null>, noted: boolean): Finding {
  return { rule, severity, subject, field, message: msg, numbers, explained: severity === 'warning' && noted };
}

export function figureSubject(f: Figure): FindingSubject {
  return { kind: 'figure', orgUnit: f.orgUnit, indicator: f.indicator, period: f.period };
}

/** A rule's finding about one figure: the message gets the figure's indicator, period and unit besides `params`. */
export function emitFigure(out: Finding[], r: RuleDef, f: Figure, d: IndicatorDef, id: MessageId, params: MsgParams, field: FigureField, numbers: Record<string, number | null>): void {
  const noted = typeof f.note === 'string' && f.note.trim() !== '';
  out.push(makeFinding(r.id, r.severity, figureSubject(f), figurePath(f.indicator, field), message(id, { indicator: f.indicator, period: f.period, measureUnit: d.measureUnit, ...params }), numbers, noted));
}

/** An entered cell as the user typed it, for a message quoting it ('' for anything but text or a number). */
export function rawText(v: unknown): string {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' ? v : '';
}
