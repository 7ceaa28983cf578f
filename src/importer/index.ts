/**
 * The importer: plan documents (text) → Plan. Pure: no file system; src/hosts/node/read-document.ts
 * turns files into SourceDocuments.
 *
 * Each document is normalised (normalize.ts), classified (classify.ts) and read by the reader for
 * its kind; the results are merged into one Plan. What cannot be read with confidence becomes an
 * ImportProblem with its line, never a guessed value.
 */
import type { Bilingual } from '../model/i18n';
import type { DocumentInfo, DocumentKind, Plan } from '../model/plan';
import { normaliseText } from './normalize';
import { classifyDocument } from './classify';
import { readDivisionOfWork } from './division-of-work';
import { readReport } from './report-reader';
import { M } from './messages';
import { emptyOutput, type ImportProblem, type ReaderInput, type ReaderOutput, type SourceDocument } from './types';

export type { SourceDocument, ImportProblem } from './types';
export type { Bilingual };

export interface ImportResult {
  plan: Plan;
  problems: ImportProblem[];
}

export interface ImportOptions {
  id?: string;
  name?: string;
  year?: number;
}

/** What one document gave, for callers that report per document (the CLI's summary). */
export interface DocumentReading {
  info: DocumentInfo;
  output: ReaderOutput;
}

export const KIND_LABELS: Record<DocumentKind, Bilingual> = {
  'division-of-work': { zh: '重点工作分工方案', en: 'division of work' },
  'plan-report': { zh: '计划执行情况与计划草案的报告', en: 'plan execution report and draft plan' },
  'midyear-report': { zh: '计划上半年执行情况的报告', en: 'mid-year plan execution report' },
  'work-report': { zh: '政府工作报告', en: 'government work report' },
  'multi-year': { zh: '五年目标任务', en: 'five-year goals' },
  bulletin: { zh: '统计公报', en: 'statistical bulletin' },
  unknown: { zh: '未知类型', en: 'unknown kind' },
};

export function readDocument(src: SourceDocument, opts: ImportOptions = {}): DocumentReading {
  const doc = normaliseText(src.text);
  const head = classifyDocument(doc);
  const info: DocumentInfo = { id: src.id, title: head.title, date: head.date, kind: head.kind };
  const input: ReaderInput = { id: src.id, doc, head, year: opts.year };
  let output: ReaderOutput;
  if (head.kind === 'unknown') {
    output = emptyOutput();
    output.problems.push({ document: src.id, line: null, message: M.notAPlan() });
    return { info, output };
  }
  output = head.kind === 'division-of-work' ? readDivisionOfWork(input) : readReport(input);
  const found = output.tasks.length + output.targets.length + output.actuals.length + output.goals.length;
  if (found === 0) output.problems.push({ document: src.id, line: null, message: M.nothingFound(KIND_LABELS[head.kind].zh) });
  return { info, output };
}

/** Whether a document's reading counts as a plan document (the CLI exits non-zero otherwise). */
export function isPlanReading(r: DocumentReading): boolean {
  return r.info.kind !== 'unknown' && r.output.tasks.length + r.output.targets.length + r.output.actuals.length + r.output.goals.length > 0;
}

function uniqueInOrder(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Region for the default plan name: 北京市通州区 → 通州区. */
function regionOf(titles: string[]): string {
  for (const t of titles) {
    const m = /(?:^|[市年省])([^\s\d年市省关于印发]{2,3}[区县])(?:人民政府|\d{4}年|国民经济|政府工作)/.exec(t);
    if (m) return m[1];
  }
  return '';
}

export function mergeReadings(readings: DocumentReading[], opts: ImportOptions = {}): ImportResult {
  const ok = readings.filter(isPlanReading);
  const yearsOf = (rs: DocumentReading[]): number[] => rs.map((r) => r.output.planYear).filter((y): y is number => y !== null);
  // The division of work says which unit answers for which task and target: it is what units fill
  // forms for, so its year is the plan's. Without one, the latest year the documents plan for.
  const divisionYears = yearsOf(ok.filter((r) => r.info.kind === 'division-of-work'));
  const years = divisionYears.length ? divisionYears : yearsOf(ok);
  const year = opts.year ?? (years.length ? Math.max(...years) : new Date().getUTCFullYear());
  const tasks = ok.flatMap((r) => r.output.tasks);
  const targets = ok.flatMap((r) => r.output.targets);
  const region = regionOf(readings.map((r) => r.info.title).concat(readings.map((r) => r.info.id)));
  const plan: Plan = {
    schemaVersion: 1,
    id: opts.id ?? `plan-${year}`,
    name: opts.name ?? `${region}${year}年计划`,
    year,
    targets,
    tasks,
    actuals: ok.flatMap((r) => r.output.actuals),
    goals: ok.flatMap((r) => r.output.goals),
    units: uniqueInOrder([...tasks.flatMap((t) => t.units), ...targets.flatMap((t) => t.units)]),
    leaders: uniqueInOrder([...tasks.flatMap((t) => t.leaders), ...targets.flatMap((t) => t.leaders)]),
    documents: readings.map((r) => r.info),
  };
  return { plan, problems: readings.flatMap((r) => r.output.problems) };
}

export function importDocuments(docs: SourceDocument[], opts: { id?: string; name?: string; year?: number } = {}): ImportResult {
  return mergeReadings(
    docs.map((d) => readDocument(d, opts)),
    opts,
  );
}
