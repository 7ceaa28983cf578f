/**
 * Reader for divisions of work (重点工作分工方案, 责任分解, 任务分解, 责任清单 …): numbered items, each
 * with its leaders, responsible units and deadline, grouped under headings; items under a heading
 * about targets (主要预期目标, …指标) are also targets.
 *
 * Written for the kind, not a layout: the numbering is any style of enumerators.ts, and the level
 * that holds the items is the one whose lines carry fields (the levels above it are headings);
 * fields are found by the lexicon of field-labels.ts wherever they stand — own lines, inline, in
 * trailing brackets, in a heading for every item under it, after the names, in table columns.
 * The plan year comes from plan-year.ts. Whatever looks like a task and is not read is a problem.
 */
import type { Target, Task } from '../model/plan';
import type { LogicalLine } from './normalize';
import { parseDeadline } from './deadline';
import { parseTargetPhrase } from './target-phrase';
import { readMainTargets } from './main-targets';
import { splitList, looksLikeName } from './lists';
import { M, clip } from './messages';
import { DM } from './division-messages';
import { readEnumerator, STYLE_RANK, numberingGaps, type Enumerator, type EnumeratorStyle } from './enumerators';
import { FIELD_LABELS, HAS_LABEL, LABEL_COLON, afterNames, trailingFieldGroups, fieldsIn, unitsOf, type FieldKind } from './field-labels';
import { addContent, appendField, continuesField, effective, trailingAfterNames, type Draft, type FieldMap } from './division-draft';
import { tableHeader, readTableRow, type ColumnKind } from './division-table';
import { decidePlanYear } from './plan-year';
import { emptyOutput, type ReaderInput, type ReaderOutput } from './types';

/** A heading about the year's targets: its items are targets as well as tasks. */
const TARGETS_SECTION = /目标|指标/;

/** A label: colon that is not a task field closes the item list (抄送：…, 附件：…). */
const OTHER_FIELD = /^(?:抄送|附件|印发|联系人|联系电话|主送|发送|附表)\s*[：:]/;

/** A field line: a label first, or a bracket group that opens with one (【责任领导：…】 on its own line). */
function startsWithLabel(text: string): boolean {
  return text.replace(/^[（(\[【〔［]\s*/, '').search(LABEL_COLON) === 0;
}

/** The style whose numbered lines own fields (on the line, or on field lines before the next numbered line). */
function itemStyle(lines: LogicalLine[], enums: (Enumerator | null)[], inTable: boolean[]): EnumeratorStyle | null {
  const owning = new Map<EnumeratorStyle, number>();
  let open: EnumeratorStyle | null = null;
  let counted = false;
  const count = (s: EnumeratorStyle): void => {
    owning.set(s, (owning.get(s) ?? 0) + 1);
    counted = true;
  };
  lines.forEach((l, i) => {
    if (inTable[i]) return;
    const e = enums[i];
    // 一是… starts a point inside an item's text, never an item of its own.
    if (e && e.style !== 'cn-shi') {
      open = e.style;
      counted = false;
      if (HAS_LABEL.test(e.rest) || trailingFieldGroups(e.rest) || trailingAfterNames(e.rest)) count(e.style);
      return;
    }
    if (open && !counted && (startsWithLabel(l.text) || afterNames(l.text).length)) count(open);
  });
  let best: EnumeratorStyle | null = null;
  for (const [s, n] of owning) {
    const b = best === null ? 0 : (owning.get(best) ?? 0);
    if (n > b || (n === b && best !== null && STYLE_RANK[s] > STYLE_RANK[best])) best = s;
  }
  return best;
}

/** A leader's name without the title written after it (王明副区长, 王明（副区长）, 王明同志), when a name remains. */
function personName(s: string): string {
  const bare = s.replace(/(?:[（(][^）)]*[）)]|常务副[区市县州]长|副[区市县州省]长|[区市县州省]长|副书记|书记|副主任|主任|同志)$/, '');
  return bare !== s && looksLikeName(bare) ? bare : s;
}

function sectionName(rest: string): string {
  const g = trailingFieldGroups(rest);
  return (g ? g.before : rest).replace(/[。：:；]$/, '').trim();
}

export function readDivisionOfWork(input: ReaderInput): ReaderOutput {
  const out = emptyOutput();
  const { id, doc } = input;
  const lines = doc.lines;
  const enums = lines.map((l) => readEnumerator(l.text));
  // Which lines are table rows: from a header row to the first line that is neither a row nor a section.
  const inTable = lines.map(() => false);
  let headerAt = -1;
  lines.forEach((l, i) => {
    if (tableHeader(l.text)) headerAt = i;
    else if (headerAt >= 0 && (l.text.includes('\t') || ['cn-dun', 'cn-paren', 'ordinal'].includes(enums[i]?.style ?? ''))) inTable[i] = true;
    else headerAt = -1;
    if (headerAt === i) inTable[i] = true;
  });
  const style = itemStyle(lines, enums, inTable);
  const rank = style ? STYLE_RANK[style] : Infinity;
  const headingStyles = new Set(enums.filter((e): e is Enumerator => e !== null && e.style !== 'bullet' && e.style !== 'cn-shi' && STYLE_RANK[e.style] < rank).map((e) => e.style));
  const topRank = Math.min(...[...headingStyles].map((s) => STYLE_RANK[s]));

  const drafts: Draft[] = [];
  /** Lines outside items, tables and headings, where a main-targets sentence may stand. */
  const prose: LogicalLine[] = [];
  let section = '';
  let headings: { rank: number; fields: FieldMap }[] = [];
  let item: Draft | null = null;
  let table: ColumnKind[] | null = null;
  const inheritedNow = (): FieldMap => Object.assign({}, ...headings.map((h) => h.fields)) as FieldMap;
  const start = (no: number, line: number): Draft => {
    const d: Draft = { no, text: '', line, section, fields: {}, inherited: inheritedNow(), last: 'text' };
    drafts.push(d);
    return d;
  };
  const heading = (e: Enumerator, line: number): void => {
    const r = STYLE_RANK[e.style];
    if (r <= topRank || headings.length === 0) section = sectionName(e.rest);
    headings = headings.filter((h) => h.rank < r);
    const fields: FieldMap = {};
    const g = trailingFieldGroups(e.rest);
    if (g) for (const f of g.fields) appendField(fields, f.kind, f.value, line);
    headings.push({ rank: r, fields });
    item = null;
  };

  lines.forEach((l, i) => {
    const text = l.text;
    const e = enums[i];
    if (inTable[i]) {
      const header = tableHeader(text);
      if (header) {
        table = header;
        item = null;
        return;
      }
      if (table) {
        const row = readTableRow(text, table, l.line, i === lines.length - 1, drafts.length ? drafts[drafts.length - 1].no : 0, start);
        if (row && 'section' in row) {
          const se = readEnumerator(row.section);
          if (se) heading(se, l.line);
        } else if (row) item = row;
        // A row with several cells but no number and no section: a merged or shifted row, said not guessed.
        else if (text.split('\t').filter((c) => c.trim() !== '').length >= 2) out.problems.push({ document: id, line: l.line, message: DM.notRead(clip(text.replace(/\t+/g, ' | '))) });
        return;
      }
    }
    if (OTHER_FIELD.test(text)) {
      item = null;
      return;
    }
    if (e && e.style === style) {
      item = start(e.value ?? drafts.length + 1, l.line);
      addContent(item, e.rest, l.line);
      return;
    }
    // A bulleted line among numbered items (★ 推进…) with fields of its own is an item too, numbered
    // after the one before it (newcomer report E20); a bullet without fields stays a point of the text.
    if (e && e.style === 'bullet' && style !== null && style !== 'bullet' && ownsFields(e.rest, lines[i + 1]?.text ?? '')) {
      item = start((drafts.length ? drafts[drafts.length - 1].no : 0) + 1, l.line);
      addContent(item, e.rest, l.line);
      return;
    }
    if (e && headingStyles.has(e.style) && !HAS_LABEL.test(sectionName(e.rest))) {
      heading(e, l.line);
      return;
    }
    if (!item) {
      // A field line under a heading, before any item: it applies to every item under the heading.
      if (startsWithLabel(text) && headings.length) for (const f of fieldsIn(text)) appendField(headings[headings.length - 1].fields, f.kind, f.value, l.line);
      else if (!e) prose.push(l);
      return;
    }
    const d: Draft = item;
    if (HAS_LABEL.test(text) || d.last === 'text') {
      addContent(d, text, l.line);
      return;
    }
    if (continuesField(d, text)) {
      appendField(d.fields, d.last as FieldKind, text, l.line);
      return;
    }
    // A numbered or bulleted line after an item's fields that continues nothing: a point not read.
    if (e) out.problems.push({ document: id, line: l.line, message: DM.notRead(clip(text)) });
    // Anything else after an item's fields (a signature, 抄送 lines) ends the item list.
    if (!e) prose.push(l);
    item = null;
  });
  finish(input, drafts, prose, enums.filter((e) => e !== null && headingStyles.has(e.style)).length, out);
  return out;
}

/** Year, numbering, missing fields, tasks and targets from the drafts. */
function finish(input: ReaderInput, drafts: Draft[], prose: LogicalLine[], headingCount: number, out: ReaderOutput): void {
  const { id, doc, head } = input;
  const deadlines = drafts.map((d) => effective(d, 'deadline')?.value).filter((v): v is string => v !== undefined);
  const py = decidePlanYear(head, doc.lines, deadlines, input.year);
  for (const p of py.problems) out.problems.push({ document: id, line: p.line, message: p.message });
  if (py.year === null) {
    out.problems.push({ document: id, line: null, message: M.noYear() });
    return;
  }
  const planYear = py.year;
  out.planYear = planYear;

  // Targets stated in a sentence or list of their own (…主要预期目标是：…), outside the items.
  const main = readMainTargets(id, prose, planYear);
  out.targets.push(...main.targets);
  out.problems.push(...main.problems);

  // An item with no field at all, in a document whose items have them, is not a task: the notice's
  // own points (（一）加强组织领导…) or a list inside a task. Said, not imported; its target (if it
  // stands under a targets heading) is still read.
  // The last row of a table cut off by the page (corpus yunyang-2023): it lacks a column every other
  // row fills. A column the other rows leave empty too (备注, 配合单位) is just empty.
  for (const d of drafts) if (d.missingColumns?.length) d.cutOff = d.missingColumns.some((k) => drafts.every((o) => o === d || o.fields[k] !== undefined));
  const fielded = new Set(drafts.filter((d) => FIELD_LABELS.some((f) => effective(d, f.kind) !== undefined)));
  const isTask = (d: Draft): boolean => !d.cutOff && (fielded.size === 0 || fielded.has(d));
  for (const d of drafts) {
    if (d.cutOff) out.problems.push({ document: id, line: d.line, message: DM.rowCutOff(d.no) });
    else if (!isTask(d) && !TARGETS_SECTION.test(d.section)) out.problems.push({ document: id, line: d.line, message: DM.noFieldsItem(clip(d.text)) });
  }
  const complete = drafts.filter(isTask);
  if (drafts.length === 0 && headingCount > 0) out.problems.push({ document: id, line: null, message: DM.noFields(headingCount) });

  // Numbers must identify tasks: numbering that restarts (per section) is renumbered in order.
  const nos = complete.map((d) => d.no);
  const seen = new Set<number>();
  const dup = nos.findIndex((n) => seen.size === seen.add(n).size);
  if (dup >= 0) {
    out.problems.push({ document: id, line: complete[dup].line, message: M.duplicateNo(nos[dup]) });
    complete.forEach((d, i) => (d.no = i + 1));
  } else
    for (const [after, next] of numberingGaps(nos)) {
      const d = complete.find((x) => x.no === next);
      out.problems.push({ document: id, line: d?.line ?? null, message: DM.numberingGap(after, next) });
    }

  // A field most items have is expected; one that no item has (牵头领导 in a 牵头单位 layout) is not.
  const usage = new Map<FieldKind, number>();
  for (const d of complete) for (const f of FIELD_LABELS) if (effective(d, f.kind)) usage.set(f.kind, (usage.get(f.kind) ?? 0) + 1);
  const expected = FIELD_LABELS.filter((f) => f.kind !== 'coUnits' && f.kind !== 'persons' && (usage.get(f.kind) ?? 0) * 2 >= complete.length && complete.length > 0);

  for (const d of drafts) {
    const leaders = [...splitList(effective(d, 'leaders')?.value ?? ''), ...splitList(effective(d, 'persons')?.value ?? '')].map(personName);
    const lists = (['leadUnit', 'units', 'coUnits'] as const).map((k) => unitsOf(effective(d, k)?.value ?? ''));
    const units = [...lists.flatMap(([lead]) => lead), ...lists.flatMap(([, rest]) => rest)].filter((u, i, all) => all.indexOf(u) === i);
    let deadline: string | null = null;
    const dl = effective(d, 'deadline');
    if (dl && !d.cutOff) {
      const r = parseDeadline(dl.value, planYear);
      if (r.ok) deadline = r.date;
      else out.problems.push({ document: id, line: dl.line, message: M.badDeadline(d.no, dl.value) });
    }
    const text = d.text.replace(/^[★☆●○■□▲△◆◇•·▪►]\s*/, '').trim();
    const task = isTask(d);
    if (task) {
      for (const f of expected) if (!hasField(d, f.kind)) out.problems.push({ document: id, line: d.line, message: M.missingField(d.no, f.zh, f.en) });
      out.tasks.push({ year: planYear, no: d.no, section: d.section, text, leaders, units, deadline, source: { document: id, line: d.line } } satisfies Task);
    }
    if (TARGETS_SECTION.test(d.section)) {
      const meanings = parseTargetPhrase(text);
      if (!meanings) {
        out.problems.push({ document: id, line: d.line, message: M.badTarget(clip(text)) });
        continue;
      }
      for (const m of meanings) {
        const target: Target = { year: planYear, ...m, leaders, units, deadline, source: { document: id, line: d.line }, ...(task ? { taskNo: d.no } : {}) };
        out.targets.push(target);
      }
    }
  }
}

/**
 * Whether an item has a field, the unit fields read as one: 牵头单位 with 配合单位 are its
 * responsible units, and a 责任单位 list that marks its lead (区民政局（牵头）、区房管局 or
 * 区科技局牵头、区人才办配合) names its lead unit — neither is missing (newcomer report E19).
 */
function hasField(d: Draft, kind: FieldKind): boolean {
  if (effective(d, kind)) return true;
  const lead = effective(d, 'leadUnit');
  const units = effective(d, 'units');
  if (kind === 'units') return lead !== undefined;
  if (kind === 'leadUnit') return units !== undefined && unitsOf(units.value)[0].length > 0;
  return false;
}

/** Whether a line's text, or the line after it, carries the fields of an item. */
function ownsFields(rest: string, next: string): boolean {
  return HAS_LABEL.test(rest) || trailingFieldGroups(rest) !== null || startsWithLabel(next);
}
