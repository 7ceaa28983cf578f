/**
 * A file given to an option of the wrong kind (a workbook to --figures, a CSV to --plan, a plan.json
 * where a workbook is checked) is bad input, exit 3, answered with what the option takes and what the
 * file is — never a usage error (issue 11: the argument parser never answers a wrong file type).
 * The kind is read from the first bytes, with the name's extension for what bytes cannot tell apart.
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { PlanbookError } from '../model/errors';
import type { Bilingual } from '../model/i18n';

export type FileKind = 'workbook' | 'document' | 'pdf' | 'json' | 'csv';

/** What each kind is called in a message. */
const KIND_NAMES: Record<FileKind, Bilingual> = {
  workbook: { zh: 'Excel 工作簿', en: 'an Excel workbook' },
  document: { zh: 'Word 等文档', en: 'a Word or other document' },
  pdf: { zh: 'PDF 文档', en: 'a PDF document' },
  json: { zh: 'JSON 文件（如 plan.json、rules.json）', en: 'a JSON file (such as plan.json or rules.json)' },
  csv: { zh: 'CSV 或文本文件', en: 'a CSV or text file' },
};

const SHEET_EXT = /^\.(xlsx|xlsm|xls|et|ods|ots|fods|numbers)$/i;

/** The kind of a file, or null when it cannot be opened (the reader then says so in its own words). */
export async function fileKind(file: string): Promise<FileKind | null> {
  let head: Buffer;
  try {
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(512);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch {
    return null;
  }
  const ext = extname(file);
  const zip = head[0] === 0x50 && head[1] === 0x4b;
  const ole = head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0;
  if (zip || ole) return SHEET_EXT.test(ext) || !/^\.(docx?|wps|odt|pptx?)$/i.test(ext) ? 'workbook' : 'document';
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^\.json$/i.test(ext) || text.startsWith('{') || text.startsWith('[')) return 'json';
  return 'csv';
}

/** What an option expects: the kinds it accepts and how it is described (both languages). */
export interface Expectation {
  option: string;
  accepts: readonly FileKind[];
  what: Bilingual;
  /** What to do with a file of another kind, when there is something better to say than "give the right file". */
  hint?: Partial<Record<FileKind, Bilingual>>;
}

export const FIGURES_CSV: Expectation = {
  option: '--figures',
  accepts: ['csv'],
  what: { zh: 'CSV 数据文件（填报单位,指标,报告期,数值…）', en: 'a CSV figures file (unit,indicator,period,value…)' },
  hint: {
    workbook: { zh: '在 Excel 中另存为“CSV UTF-8”，或直接审核工作簿：planbook check 工作簿.xlsx', en: 'save it as "CSV UTF-8" in Excel, or check the workbook itself: planbook check WORKBOOK.xlsx' },
    json: { zh: '计划数据请用 --plan 给出', en: 'give plan data with --plan' },
  },
};

export const PLAN_JSON: Expectation = {
  option: '--plan',
  accepts: ['json'],
  what: { zh: '计划数据 plan.json（planbook import 的输出）', en: 'a plan.json (the output of planbook import)' },
  hint: {
    workbook: {
      zh: '填好的工作簿请直接审核：planbook check 工作簿.xlsx；计划文档请先用 planbook import 导入',
      en: 'check a filled workbook itself: planbook check WORKBOOK.xlsx; import plan documents with planbook import first',
    },
    csv: { zh: '数据 CSV 请用 --figures 给出；计划文档请先用 planbook import 导入', en: 'give a figures CSV with --figures; import plan documents with planbook import first' },
    document: { zh: '计划文档请先用 planbook import 导入', en: 'import plan documents with planbook import first' },
    pdf: { zh: '计划文档请先用 planbook import 导入', en: 'import plan documents with planbook import first' },
  },
};

/** The same for --history (earlier figures) and --tasks (task progress): CSV files. */
export function csvOption(option: string, what: Bilingual): Expectation {
  return { option, accepts: ['csv'], what, hint: { workbook: { zh: '在 Excel 中另存为“CSV UTF-8”', en: 'save it as "CSV UTF-8" in Excel' } } };
}

/** A JSON option such as --rules or --catalog. */
export function jsonOption(option: string, what: Bilingual): Expectation {
  return { option, accepts: ['json'], what };
}

/**
 * Throws PlanbookError BAD_DOCUMENT (exit 3) when `file` (absolute) is readable and of a kind `e` does not
 * accept: "--figures 应为 CSV 数据文件…，b.xlsx 是 Excel 工作簿；… / --figures takes a CSV figures file…".
 * `shown` is the path as the user typed it. A file that cannot be opened passes: its reader says why.
 */
export async function expectKind(file: string, shown: string, e: Expectation): Promise<void> {
  const kind = await fileKind(file);
  if (kind === null || e.accepts.includes(kind)) return;
  const is = KIND_NAMES[kind];
  const hint = e.hint?.[kind];
  // A space between Chinese and a Latin word (CSV, Excel, JSON), none between Chinese words.
  const sp = (t: string): string => (/^[A-Za-z]/.test(t) ? ` ${t}` : t);
  throw new PlanbookError('BAD_DOCUMENT', {
    zh: `${e.option} 应为${sp(e.what.zh)}，而 ${shown} 是${sp(is.zh)}${hint ? `；${hint.zh}` : ''}`,
    en: `${e.option} takes ${e.what.en}, and ${shown} is ${is.en}${hint ? `; ${hint.en}` : ''}`,
  });
}
