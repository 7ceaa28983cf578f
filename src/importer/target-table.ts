/**
 * Main targets as table rows (tab-joined cells), under a 主要预期目标 heading:
 *   指标	单位	2025年目标          地区生产总值	增长5%左右
 *   地区生产总值增速	%	5左右        城镇调查失业率	5.5%左右
 * Each row becomes one target phrase: the name, then the value with the row's unit put after its
 * number; a name that says growth (…增速, …增长率) reads as 增长. Rows without a digit or a target
 * word are headers. Returns the phrase, or null for a header row.
 */
const GROWTH_NAME = /(?:增速|增长率|增幅|增长)$/;

export interface TargetTable {
  /** Column of the unit (单位), or -1. */
  unitCol: number;
}

/** The table's shape from its header row; null when the row is not a header. */
export function targetTableHeader(cells: string[]): TargetTable | null {
  if (cells.some((c) => /\d/.test(c.replace(/\d{4}年/g, '')))) return null;
  return { unitCol: cells.findIndex((c) => /^单\s*位$/.test(c.trim())) };
}

/** "地区生产总值增速 | % | 5左右" → "地区生产总值增长5%左右". */
export function targetRowPhrase(cells: string[], table: TargetTable | null): string {
  const unit = table && table.unitCol >= 0 ? (cells[table.unitCol] ?? '').trim() : '';
  const parts = cells.map((c) => c.trim()).filter((c, i) => c !== '' && (table === null || i !== table.unitCol));
  if (parts.length < 2) return parts.join('');
  let name = parts[0];
  let value = parts.slice(1).join('');
  // A bare number takes the unit column's unit: 5左右 with % → 5%左右.
  if (unit && /^\d+(?:\.\d+)?(?:左右|以上|以内|以下)?$/.test(value)) value = value.replace(/^(\d+(?:\.\d+)?)/, `$1${unit}`);
  if (GROWTH_NAME.test(name) && /^\d+(?:\.\d+)?%/.test(value)) name = name.replace(GROWTH_NAME, '') + '增长';
  return `${name}${value}`;
}
