/**
 * The importer: plan documents (text, or blocks of the document model in document.ts) → Plan.
 * Pure: no file system; src/hosts/node/read-document.ts turns files of every format into SourceDocuments.
 *
 * Each document is normalised (normalize.ts), classified (classify.ts) and read by the reader for
 * its kind; the results are merged into one Plan. What cannot be read with confidence becomes an
 * ImportProblem with its line, never a guessed value.
 */
import type { Bilingual } from '../model/i18n';
import type { DocumentInfo, DocumentKind, Plan } from '../model/plan';
import { normaliseBlocks } from './blocks-to-text';
import { textBlocks } from './text-blocks';
import { classifyDocument } from './classify';
import { readDivisionOfWork } from './division-of-work';
import { readReport } from './report-reader';
import { readBulletin } from './bulletin-reader';
import { M } from './messages';
import { placeOf, regionOf } from './region';
import { emptyOutput, type ImportProblem, type ReaderInput, type ReaderOutput, type SourceDocument } from './types';

export type { SourceDocument, ImportProblem } from './types';
export type { Block, BlockSource } from './document';
export { block } from './document';
export { blocksToText } from './blocks-to-text';
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
  /** The place the document is about (region.ts), from its title or first lines; '' when none is named. */
  place?: string;
}

export const KIND_LABELS: Record<DocumentKind, Bilingual> = {
  'division-of-work': { zh: '重点工作分工方案', en: 'division of work' },
  'plan-report': { zh: '计划执行情况与计划草案的报告', en: 'plan execution report and draft plan' },
  'midyear-report': { zh: '年内计划执行情况的报告（上半年、前三季度等）', en: 'in-year plan execution report (half-year, first three quarters …)' },
  'work-report': { zh: '政府工作报告', en: 'government work report' },
  'multi-year': { zh: '五年目标任务', en: 'five-year goals' },
  bulletin: { zh: '统计公报或经济运行情况', en: 'statistical bulletin or release of figures' },
  unknown: { zh: '未知类型', en: 'unknown kind' },
};

export function readDocument(src: SourceDocument, opts: ImportOptions = {}): DocumentReading {
  // Every document reaches the readers as blocks: a format adapter's, or plain text's lines with
  // the tables that web-page copies scatter over lines put back into rows (text-blocks.ts).
  const doc = normaliseBlocks(src.blocks ?? textBlocks(src.text));
  const head = classifyDocument(doc);
  const info: DocumentInfo = { id: src.id, title: head.title, date: head.date, kind: head.kind };
  const input: ReaderInput = { id: src.id, doc, head, year: opts.year };
  // The classifier's title may start after the place (闵行区2024年…分工方案 → 2024年…分工方案).
  // Only title-like lines: in a sentence (现将区政府工作报告…) the words before a title word are no place.
  const place = regionOf([
    head.title,
    ...doc.lines
      .slice(0, 4)
      .map((l) => l.text)
      .filter((t) => !/[，。；：,;:]/.test(t)),
  ]);
  let output: ReaderOutput;
  if (head.kind === 'unknown') {
    output = emptyOutput();
    output.problems.push({ document: src.id, line: null, message: M.notAPlan() });
    return { info, output, place };
  }
  output = head.kind === 'division-of-work' ? readDivisionOfWork(input) : head.kind === 'bulletin' ? readBulletin(input) : readReport(input);
  const found = output.tasks.length + output.targets.length + output.actuals.length + output.goals.length;
  if (found === 0) output.problems.push({ document: src.id, line: null, message: M.nothingFound(KIND_LABELS[head.kind].zh) });
  return { info, output, place };
}

/** Whether a document's reading counts as a plan document (the CLI exits non-zero otherwise). */
export function isPlanReading(r: DocumentReading): boolean {
  return r.info.kind !== 'unknown' && r.output.tasks.length + r.output.targets.length + r.output.actuals.length + r.output.goals.length > 0;
}

function uniqueInOrder(xs: string[]): string[] {
  return [...new Set(xs)];
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
  // Plan documents first: a place named only by a document that is not one does not name the plan.
  const region = [...ok, ...readings].map((r) => r.place ?? placeOf(r.info.title)).find((p) => p !== '') ?? '';
  // Documents of two places make one plan only by mistake (闵行区's tasks with 昆山市's targets):
  // said once, on the first document of another place; nothing is dropped.
  const places = ok.map((r) => ({ id: r.info.id, place: r.place ?? placeOf(r.info.title) })).filter((p) => p.place !== '');
  const names = uniqueInOrder(places.map((p) => p.place));
  const mixed: ImportProblem[] = [];
  if (names.length > 1) {
    const other = places.find((p) => p.place !== names[0]);
    mixed.push({ document: other?.id ?? ok[0].info.id, line: null, message: M.mixedPlaces(names) });
  }
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
  return { plan, problems: [...readings.flatMap((r) => r.output.problems), ...mixed] };
}

export function importDocuments(docs: SourceDocument[], opts: { id?: string; name?: string; year?: number } = {}): ImportResult {
  return mergeReadings(
    docs.map((d) => readDocument(d, opts)),
    opts,
  );
}
