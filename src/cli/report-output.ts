/**
 * `planbook report`'s outputs, the same whatever the source (a plan and figures file, or the store):
 * JSON (`--format json`, the default on stdout), CSV (`--format csv`, or `-o FILE.csv`) with every table
 * under its title, and a formatted workbook with a chart (`-o FILE.xlsx`).
 */
import { resolve } from 'node:path';
import type { CliIO } from './command';
import { EXIT } from './command';
import type { Table } from '../report';
import { reportTables, type DistrictReport } from '../usecases/district-report';
import { emit, renderTablesCsv } from './check-output';
import { writeXlsxReport } from './xlsx-report';

export interface ReportOutput {
  format: 'json' | 'csv';
  lang: 'zh' | 'en' | 'both';
  output?: string;
  templates?: string;
  /** Replace an existing -o file (--force). */
  force?: boolean;
  /** Problems met reading the inputs, carried in the JSON. */
  readFindings?: unknown[];
}

/** Writes the report in the asked form; returns the exit code for a written report (0). */
export async function writeReport(io: CliIO, r: DistrictReport, o: ReportOutput): Promise<number> {
  if (o.output && /\.xlsx$/i.test(o.output)) return writeXlsxReport(io, r, o.output, o.templates ? resolve(io.cwd, o.templates) : undefined, { force: o.force });
  const format = o.output && /\.csv$/i.test(o.output) ? 'csv' : o.format;
  const tables = reportTables(r);
  if (format === 'json') {
    await emit(io, JSON.stringify({ plan: r.plan.id, period: r.period, notices: r.notices, tables, sentences: r.sentences, readFindings: o.readFindings ?? [] }, null, 2), o.output, o.force);
  } else {
    const sentenceTable = bilingualTable('sentences', { zh: '草拟文字', en: 'Draft sentences' }, r.sentences);
    // The notices (a filler's report is not the district's) come first, so no one reads the tables without them.
    const noticeTable: Table[] = r.notices.length === 0 ? [] : [bilingualTable('notices', { zh: '注意', en: 'Notice' }, r.notices)];
    await emit(io, renderTablesCsv([...noticeTable, ...tables, sentenceTable], o.lang), o.output, o.force);
  }
  if (o.output) io.err(`已生成 ${resolve(io.cwd, o.output)} / wrote ${resolve(io.cwd, o.output)}`);
  return EXIT.OK;
}

/** Texts in both languages as a two-column table (中文 | 英文), as the draft sentences and notices are written to CSV and .xlsx. */
function bilingualTable(id: string, title: { zh: string; en: string }, texts: readonly { zh: string; en: string }[]): Table {
  return {
    id,
    title,
    columns: [
      { key: 'zh', header: { zh: '中文', en: 'Chinese' }, type: 'text' },
      { key: 'en', header: { zh: '英文', en: 'English' }, type: 'text' },
    ],
    rows: texts.map((t) => ({ zh: t.zh, en: t.en })),
  };
}
