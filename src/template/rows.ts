/**
 * Which rows a unit's form holds, built from the plan: the indicators whose targets name the unit
 * (plus, when a catalog assigns indicators to units, those), and the tasks the unit is responsible for.
 * Pure and deterministic: the same plan gives the same rows in the same order, which is what the
 * layout fingerprint of a filled workbook relies on.
 */
import type { Plan, Target, Task } from '../model/plan';
import type { CellValue } from './port';

/** What the engine needs to know of an indicator beyond the plan (from the rules catalog when there is one). */
export interface IndicatorInfo {
  name: string;
  /** 计量单位 of the figure (亿元, %, 万人). */
  measureUnit: string;
  /** Decimal places the figure is reported with. */
  decimals: number;
  /** Units that report this indicator even when no target names them. */
  units?: string[];
}

export type IndicatorLookup = (name: string) => IndicatorInfo | undefined;

/** One data row: its key (indicator name or task number) and the values of its source columns. */
export interface TableRow {
  key: string;
  /** Decimal places for this row's numeric cells. */
  decimals: number;
  values: Record<string, CellValue>;
}

const DEFAULT_DECIMALS = 2;

/** 全年目标 as a cell: the annual amount when the plan knows it, else the phrase (增长5%左右). */
export function targetCell(t: Target | undefined): CellValue {
  if (!t) return null;
  if (typeof t.amount === 'number') return t.amount;
  if (t.measure === 'level' && typeof t.value === 'number' && (t.comparator === 'gte' || t.comparator === 'gt' || t.comparator === 'eq')) return t.value;
  return t.text || null;
}

function measureUnit(t: Target | undefined, info: IndicatorInfo | undefined): string {
  if (info) return info.measureUnit;
  if (!t) return '';
  // A growth target's unit is '%' but the figure entered is the amount; without a catalog we only know the unit of level and rate targets.
  return t.measure === 'level' || t.measure === 'rate' ? t.measureUnit : '';
}

/**
 * A unit's indicator rows: the plan-year targets naming the unit, then the catalog entries listing it.
 * `amounts` (src/usecases/annual-amounts.ts: the district report's annual target amounts) decides
 * 全年目标 when given: the amount as a number, which 完成全年目标% divides by, else the target's phrase;
 * the phrase is kept in `targetText` either way. Without it (report tables, old callers) targetCell decides.
 */
export function indicatorRows(plan: Plan, unit: string, lookup?: IndicatorLookup, catalog?: readonly IndicatorInfo[], amounts?: Readonly<Record<string, number>>): TableRow[] {
  const seen = new Set<string>();
  const rows: TableRow[] = [];
  const add = (name: string, t: Target | undefined): void => {
    const info = lookup?.(name);
    // Keyed by the catalog's name: a target under an alias (城镇登记失业率 / 登记失业率) is one row.
    const key = info?.name ?? name;
    if (seen.has(key)) return;
    seen.add(key);
    const amount = amounts ? (amounts[key] ?? amounts[name]) : undefined;
    const target = amounts ? (amount ?? (t ? t.text || null : null)) : targetCell(t);
    rows.push({
      key: name,
      decimals: info?.decimals ?? DEFAULT_DECIMALS,
      values: { indicator: name, measureUnit: measureUnit(t, info), target, targetText: t?.text ?? '' },
    });
  };
  for (const t of plan.targets) {
    if (t.year === plan.year && t.units.includes(unit)) add(t.indicator, t);
  }
  for (const info of catalog ?? []) {
    if (info.units?.includes(unit))
      add(
        info.name,
        plan.targets.find((t) => t.indicator === info.name && t.year === plan.year),
      );
  }
  return rows;
}

/** 完成时限 as the documents write it: 2023-12-31 → 2023年12月底; other days in full. */
export function deadlineLabel(iso: string | null): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d === lastDay ? `${y}年${mo}月底` : `${y}年${mo}月${d}日`;
}

export function taskRow(t: Task): TableRow {
  return {
    key: String(t.no),
    decimals: 0,
    values: {
      no: t.no,
      section: t.section,
      task: t.text,
      leaders: t.leaders.join('、'),
      units: t.units.join('、'),
      leadUnit: t.units[0] ?? '',
      deadline: deadlineLabel(t.deadline),
    },
  };
}

export function taskRows(plan: Plan, unit: string): TableRow[] {
  return plan.tasks.filter((t) => t.year === plan.year && t.units.includes(unit)).map(taskRow);
}

/** Every unit named by a target or task of the plan's year, in the plan's order (the batch fills one workbook each). */
export function planUnits(plan: Plan): string[] {
  const out = new Set<string>(plan.units);
  for (const t of plan.tasks) for (const u of t.units) out.add(u);
  for (const t of plan.targets) for (const u of t.units) out.add(u);
  return [...out];
}
