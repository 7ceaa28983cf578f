/**
 * What an input cell means: the one place that turns a cell as its user sees it (stored value,
 * number format, displayed text, merge) into the figure planbook stores. The add-in and the CLI
 * both read workbooks through readBack, which asks this function for every input cell.
 *
 * The rule is "what the user saw": spreadsheets store "45%" as 0.45 in a percent format and show
 * 45%, so a column whose figures are percent points (完成%, 同比增长%, a rate in %) reads 45. A value
 * the display hides ("4.1%" typed into a 0.0-formatted cell stores 0.041 and shows 0.0) is refused
 * with the fix, since the user never saw the figure that would be stored. Text that is plainly a
 * number ("58.18 ", "1,234.5", full-width "５８．１８") is read as that number with a note to the
 * user; other text, a formula, or a merged input cell is refused, saying exactly what to do.
 */
import type { Bilingual } from '../model/i18n';
import type { Severity } from '../model/finding';
import type { FieldValue } from '../model/submission';
import type { CellValue } from './port';
import type { InputType } from './spec';
import { readNumberText } from '../rules/values';

/** One input cell as the host reports it. */
export interface CellReading {
  value: CellValue;
  formula: string | null;
  /** Number format code, null when unknown. */
  format: string | null;
  /** Displayed text, null when unknown. */
  text: string | null;
  /** Merged area ('D6:D7') when the cell is merged, else null. */
  merge: string | null;
}

/** What the column and row say about the cell. */
export interface InputContext {
  /** A1 address, for messages. */
  address: string;
  /** The column's header (本月止累计, 完成%), for messages. */
  header: string;
  type: InputType | undefined;
  /** The submission field (value, growth, progress …). */
  input: string;
  /** The row's 计量单位 when the form has one (亿元, %). */
  measureUnit?: string;
}

export interface CellProblem {
  rule: 'cell-formula' | 'cell-not-number' | 'cell-text-number' | 'cell-merged' | 'cell-percent-format' | 'cell-percent-hidden';
  severity: Severity;
  message: Bilingual;
  numbers: Record<string, number | null>;
}

export interface CellVerdict {
  value: FieldValue;
  problem?: CellProblem;
}

/** Whether a number format shows its value as a percentage (a '%' outside quotes, escapes and [..] sections). */
export function isPercentFormat(format: string | null): boolean {
  if (!format) return false;
  const bare = format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  return bare.includes('%');
}

/** Whether a number format is Text ('@'): whatever is typed into such a cell stays text. */
export function isTextFormat(format: string | null): boolean {
  return format !== null && format.trim() === '@';
}

/** Whether a column's figures are percent points: 完成% (0–100), 同比增长%, or a row whose 计量单位 is %. */
export function isPercentPoints(ctx: InputContext): boolean {
  return ctx.type === 'percent' || ctx.input === 'growth' || /[%％]\s*$/.test(ctx.header) || ctx.measureUnit === '%';
}

/** 0.45 × 100 without binary noise (45.00000000000001). */
function times100(v: number): number {
  return Number((v * 100).toPrecision(12));
}

/** Text that is a number as people type or paste it: the one reader of src/rules/values.ts, so a cell reads as the server and the CSV read the same text. */
export const numberInText = readNumberText;

function problem(rule: CellProblem['rule'], severity: Severity, zh: string, en: string, numbers: Record<string, number | null> = {}): CellProblem {
  return { rule, severity, message: { zh, en }, numbers };
}

function isNumericType(t: InputType | undefined): boolean {
  return t === 'decimal' || t === 'percent';
}

/** Decides one input cell. Pure; never throws. */
export function readInputCell(cell: CellReading, ctx: InputContext): CellVerdict {
  const { address: at, header } = ctx;
  const textInput = ctx.type === 'text' || ctx.input === 'note' || ctx.input === 'text';
  let value: FieldValue = typeof cell.value === 'boolean' ? String(cell.value) : cell.value;
  if (typeof value === 'string' && value.trim() === '') value = null;

  if (cell.merge && cell.merge.includes(':')) {
    const master = cell.merge.split(':')[0]!;
    // Only the merged area's first cell holds anything; the others show its value but hold none.
    const own = at === master ? value : null;
    return {
      value: textInput ? (own === null ? '' : String(own)) : own,
      problem: problem(
        'cell-merged',
        'error',
        `单元格 ${at}（${header}）与其他单元格合并在一起（合并区域 ${cell.merge}）；每个填报单元格须单独填写：请选中 ${cell.merge}，取消合并（开始 › 合并后居中），再在每个单元格中分别填写`,
        `Cell ${at} (${header}) is merged with other cells (merged area ${cell.merge}); each input cell must be filled on its own: select ${cell.merge}, unmerge it (Home › Merge & Center) and fill each cell`,
      ),
    };
  }
  if (cell.formula) {
    return {
      value: textInput ? (value === null ? '' : String(value)) : value,
      problem: problem('cell-formula', 'error', `单元格 ${at} 是填报单元格，却输入了公式 ${cell.formula}；请直接填写数值`, `Cell ${at} is an input cell but holds the formula ${cell.formula}; type the value itself`),
    };
  }
  if (textInput) return { value: value === null ? '' : String(value) };
  if (!isNumericType(ctx.type)) return { value };

  const points = isPercentPoints(ctx);
  if (typeof value === 'number') {
    if (isPercentFormat(cell.format)) {
      if (points) return { value: times100(value) };
      const shown = cell.text ?? `${times100(value)}%`;
      return {
        value,
        problem: problem(
          'cell-percent-format',
          'error',
          `单元格 ${at}（${header}${ctx.measureUnit ? `，${ctx.measureUnit}` : ''}）显示为百分数“${shown}”，但本列不是百分数：请输入数值本身（不带 %），并把单元格格式改回数值`,
          `Cell ${at} (${header}${ctx.measureUnit ? `, ${ctx.measureUnit}` : ''}) shows the percentage "${shown}" but this column is not a percentage: type the number itself (without %) and set the cell's format back to a number`,
          { value },
        ),
      };
    }
    if (points && cell.text !== null && value !== 0 && Math.abs(value) < 1) {
      const shown = numberInText(cell.text);
      if (shown !== null && !shown.percent && shown.value !== value) {
        // The display rounds the stored fraction away: "4.1%" typed into a 0.0 cell shows 0.0.
        const meant = times100(value);
        return {
          value,
          problem: problem(
            'cell-percent-hidden',
            'error',
            `单元格 ${at}（${header}）存的是 ${value}，却显示为“${cell.text}”：输入“${meant}%”时表格会存成 ${value}。本列填百分数的数值，请改为直接输入 ${meant}（不带 %）`,
            `Cell ${at} (${header}) holds ${value} but shows "${cell.text}": typing "${meant}%" stores ${value}. This column takes the percentage as a number: type ${meant} (without %)`,
            { value, meant },
          ),
        };
      }
    }
    return { value };
  }
  if (typeof value === 'string') {
    const n = numberInText(value);
    // A cell formatted as Text ("@", as LibreOffice leaves a cell after a text paste) keeps whatever is
    // typed into it as text: retyping alone would not fix it, the format has to change first.
    const asText = isTextFormat(cell.format)
      ? { zh: '；该单元格的格式是“文本”，请先把格式改为数值（设置单元格格式 › 数值），再重新输入', en: '; the cell is formatted as Text, so first set its format to Number (Format Cells › Number), then type it again' }
      : { zh: '', en: '' };
    if (n && (!n.percent || points)) {
      return {
        value: n.value,
        problem: problem(
          'cell-text-number',
          'info',
          `单元格 ${at}（${header}）中的“${value}”是文本，不是数字；已按 ${n.value} 读取。请删去其中的空格、千位分隔符、全角字符或 %，重新输入为数字${asText.zh}`,
          `Cell ${at} (${header}) holds the text "${value}", not a number; it was read as ${n.value}. Delete the spaces, thousands separators, full-width characters or %, and type it again as a number${asText.en}`,
          { value: n.value },
        ),
      };
    }
    const unit = /(亿元|万元|元|万人|人|%|％|万吨|吨|个|家|亩|公里|千瓦时|万千瓦时)\s*$/.exec(value.normalize('NFKC'))?.[1];
    const how = unit
      ? { zh: `请删去“${unit}”，只填数字（计量单位见“计量单位”列）`, en: `delete "${unit}" and type only the number (the unit of measure is in its own column)` }
      : { zh: '请只填阿拉伯数字（如 58.18），不带文字、单位或空格；需要说明的写在“说明”列', en: 'type only digits (such as 58.18), with no words, units or spaces; put any explanation in the note column' };
    return {
      value,
      problem: problem(
        'cell-not-number',
        'error',
        `单元格 ${at}（${header}）应填数字，实际为文本“${value}”：${how.zh}${asText.zh}`,
        `Cell ${at} (${header}) should hold a number but holds the text "${value}": ${how.en}${asText.en}`,
      ),
    };
  }
  return { value };
}
