/**
 * A filled workbook's identity: what it is (plan, unit, period, form, base revision, template) and
 * what it looked like when filled (layout fingerprint), kept as key/value rows on a hidden sheet so
 * that a workbook mailed around and filled offline still knows what it is when it comes back.
 */
import type { CellValue } from './port';
import type { FieldPath, FieldValue } from '../model/submission';
import type { Plan } from '../model/plan';
import { decodeCarried, type CarriedCopy } from '../usecases/carried';
import { upgradeFieldPath, upgradePlan } from '../model/legacy-names';

export const IDENTITY_SHEET = '_planbook';
export const IDENTITY_NAME = 'pb_identity';
const FORMAT = 'planbook-workbook/1';
/** Excel holds at most 32,767 characters a cell; JSON is cut into pieces below that. */
const CHUNK = 30000;

export interface WorkbookIdentity {
  plan: string;
  planName: string;
  orgUnit: string;
  period: string;
  form: string;
  baseRev: number;
  template: string;
  templateVersion: number;
  sheet: string;
  /** 1-based row of the first data row, and how many data rows were written. */
  firstRow: number;
  rowCount: number;
  /** The key of each data row (indicator name or task number), in order. */
  rowKeys: string[];
  /** The input values the workbook was filled with: the base of every later edit. */
  pulled: Record<FieldPath, FieldValue>;
  /** What the checks need of the plan (its targets and tasks for this form), so a workbook checks offline. */
  checkPlan: Plan | null;
  /**
   * The catalog and rule set (with their store revisions) the form was filled or last pulled with:
   * what a check uses when the server cannot be reached. Null in workbooks filled before they were carried.
   */
  carried: CarriedCopy | null;
  filledAt: string;
  fingerprint: string;
}

/** FNV-1a over UTF-16 code units, as 8 hex digits: enough to notice a changed layout, not a security seal. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export interface LayoutFacts {
  template: string;
  templateVersion: number;
  sheet: string;
  headers: string[];
  firstRow: number;
  rowCount: number;
  rowKeys: string[];
  plan: string;
  orgUnit: string;
  period: string;
  form: string;
}

export function layoutFingerprint(f: LayoutFacts): string {
  return fnv1a(JSON.stringify([f.template, f.templateVersion, f.sheet, f.headers, f.firstRow, f.rowCount, f.rowKeys, f.plan, f.orgUnit, f.period, f.form]));
}

function chunks(key: string, json: string): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0, n = 0; i < json.length || n === 0; i += CHUNK, n++) out.push([`${key}.${n}`, json.slice(i, i + CHUNK)]);
  return out;
}

/** The identity as rows of [key, value] for the hidden sheet. */
export function encodeIdentity(id: WorkbookIdentity): CellValue[][] {
  const rows: [string, CellValue][] = [
    ['format', FORMAT],
    ['plan', id.plan],
    ['planName', id.planName],
    ['orgUnit', id.orgUnit],
    ['period', id.period],
    ['form', id.form],
    ['baseRev', id.baseRev],
    ['template', id.template],
    ['templateVersion', id.templateVersion],
    ['sheet', id.sheet],
    ['firstRow', id.firstRow],
    ['rowCount', id.rowCount],
    ['filledAt', id.filledAt],
    ['fingerprint', id.fingerprint],
  ];
  rows.push(...chunks('rowKeys', JSON.stringify(id.rowKeys)));
  rows.push(...chunks('pulled', JSON.stringify(id.pulled)));
  rows.push(...chunks('checkPlan', JSON.stringify(id.checkPlan)));
  if (id.carried) rows.push(...chunks('carried', JSON.stringify(id.carried)));
  return rows;
}

export class IdentityError extends Error {
  constructor(readonly field: string) {
    super(`identity field ${field} is missing or malformed`);
  }
}

/** Reads the identity rows back; throws IdentityError naming the first field that is missing or malformed. */
export function decodeIdentity(rows: readonly (readonly CellValue[])[]): WorkbookIdentity {
  const kv = new Map<string, CellValue>();
  for (const r of rows) if (typeof r[0] === 'string' && r[0] !== '') kv.set(r[0], r[1] ?? null);
  if (kv.get('format') !== FORMAT) throw new IdentityError('format');
  // A workbook filled before the rename wrote unit and base.0…: read them under the new names.
  if (!kv.has('orgUnit') && kv.has('unit')) kv.set('orgUnit', kv.get('unit') ?? null);
  if (!kv.has('pulled.0')) for (let i = 0; kv.has(`base.${i}`); i++) kv.set(`pulled.${i}`, kv.get(`base.${i}`) ?? null);
  const s = (k: string): string => {
    const v = kv.get(k);
    if (typeof v !== 'string') throw new IdentityError(k);
    return v;
  };
  const n = (k: string): number => {
    const v = kv.get(k);
    const num = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (!Number.isFinite(num)) throw new IdentityError(k);
    return num;
  };
  const json = <T>(k: string): T => {
    let text = '';
    for (let i = 0; kv.has(`${k}.${i}`); i++) {
      const v = kv.get(`${k}.${i}`);
      text += typeof v === 'string' ? v : '';
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new IdentityError(k);
    }
  };
  const tryJson = (f: () => unknown): unknown => {
    try {
      return f();
    } catch {
      return null;
    }
  };
  const rowKeys = json<unknown>('rowKeys');
  if (!Array.isArray(rowKeys) || !rowKeys.every((k) => typeof k === 'string')) throw new IdentityError('rowKeys');
  const base = json<unknown>('pulled');
  if (typeof base !== 'object' || base === null || Array.isArray(base)) throw new IdentityError('pulled');
  const pulled = Object.fromEntries(Object.entries(base).map(([path, v]) => [upgradeFieldPath(path), v as FieldValue]));
  return {
    plan: s('plan'),
    planName: typeof kv.get('planName') === 'string' ? (kv.get('planName') as string) : '',
    orgUnit: s('orgUnit'),
    period: s('period'),
    form: s('form'),
    baseRev: n('baseRev'),
    template: s('template'),
    templateVersion: n('templateVersion'),
    sheet: s('sheet'),
    firstRow: n('firstRow'),
    rowCount: n('rowCount'),
    rowKeys: rowKeys as string[],
    pulled,
    checkPlan: upgradePlan(json<Plan | null>('checkPlan')) as Plan | null,
    // Optional: a copy that is missing or does not validate leaves the check to the next source, never to half a copy.
    carried: kv.has('carried.0') ? decodeCarried(tryJson(() => json<unknown>('carried'))) : null,
    filledAt: typeof kv.get('filledAt') === 'string' ? (kv.get('filledAt') as string) : '',
    fingerprint: s('fingerprint'),
  };
}
