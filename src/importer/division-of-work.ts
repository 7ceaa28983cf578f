/**
 * Reader for 重点工作分工方案: numbered items, each with its leaders, responsible units and
 * deadline, grouped in sections; items in a targets section (主要预期目标) are also targets.
 *
 * Layouts read: fields on their own lines or on the item's line; 牵头领导/责任单位/完成时限 and the
 * variants 牵头单位/配合单位/完成时间; numbering 1. 1、（1）; fields wrapped onto the next line;
 * and tables flattened to tab-separated rows with a header row.
 */
import type { Target, Task } from '../model/plan';
import type { LogicalLine } from './normalize';
import { parseDeadline } from './deadline';
import { parseTargetPhrase } from './target-phrase';
import { splitList, looksLikeUnit, looksLikeName } from './lists';
import { M, clip } from './messages';
import { emptyOutput, type ReaderInput, type ReaderOutput } from './types';

type FieldKind = 'leaders' | 'units' | 'leadUnit' | 'coUnits' | 'deadline';

/** Field labels and what they fill. Data, so a new variant is one line here. */
const FIELD_LABELS: { re: RegExp; kind: FieldKind; zh: string; en: string }[] = [
  { re: /^(?:牵头领导|责任领导|分管领导|牵头区领导)$/, kind: 'leaders', zh: '牵头领导', en: 'lead leaders (牵头领导)' },
  { re: /^(?:责任单位|主责单位|承办单位)$/, kind: 'units', zh: '责任单位', en: 'responsible units (责任单位)' },
  { re: /^(?:牵头单位|主办单位)$/, kind: 'leadUnit', zh: '牵头单位', en: 'lead unit (牵头单位)' },
  { re: /^(?:配合单位|协办单位|参与单位)$/, kind: 'coUnits', zh: '配合单位', en: 'cooperating units (配合单位)' },
  { re: /^(?:完成时限|完成时间|时间节点|完成期限|时限要求)$/, kind: 'deadline', zh: '完成时限', en: 'deadline (完成时限)' },
];
const LABEL_ALT = '牵头领导|责任领导|分管领导|牵头区领导|责任单位|主责单位|承办单位|牵头单位|主办单位|配合单位|协办单位|参与单位|完成时限|完成时间|时间节点|完成期限|时限要求';
const LABEL_IN_LINE = new RegExp(`[（(]?(${LABEL_ALT})\\s*[：:]`, 'g');
const HAS_LABEL = new RegExp(`(?:${LABEL_ALT})\\s*[：:]`);
const TABLE_HEADER_CELL: { re: RegExp; kind: FieldKind | 'no' | 'text' }[] = [
  { re: /^(?:序号|编号|No\.?)$/i, kind: 'no' },
  { re: /(?:任务|工作内容|重点工作|事项|内容)/, kind: 'text' },
  ...FIELD_LABELS.map((f) => ({ re: f.re, kind: f.kind })),
];

const SECTION = /^([一二三四五六七八九十]+)[、.．]\s*(.+)$/;
const ITEM = /^(?:(\d+)\s*[.．、](?!\d)|[（(](\d+)[）)])\s*(.*)$/;
/** A label: colon that is not a task field closes the item list (抄送：…, 附件：…). */
const OTHER_FIELD = /^(?:抄送|附件|印发|联系人|联系电话|主送|发送)\s*[：:]/;

interface Draft {
  no: number;
  text: string;
  line: number;
  section: string;
  fields: Partial<Record<FieldKind, { value: string; line: number }>>;
  /** What the next unlabelled line would continue; 'row' for a table row, which nothing continues. */
  last: FieldKind | 'text' | 'row';
}

function labelKind(label: string): FieldKind | null {
  return FIELD_LABELS.find((f) => f.re.test(label))?.kind ?? null;
}

function appendField(d: Draft, kind: FieldKind, value: string, line: number): void {
  const cur = d.fields[kind];
  const sep = kind === 'deadline' || /[、，]$/.test(cur?.value ?? '') || cur?.value === '' ? '' : '、';
  d.fields[kind] = cur ? { value: cur.value + sep + value, line: cur.line } : { value, line };
  d.last = kind;
}

/** Whether a line that follows a field wraps its value onto the next line. */
function continuesField(d: Draft, text: string): boolean {
  if (d.last === 'text' || d.last === 'row') return false;
  const cur = d.fields[d.last];
  if (!cur) return false;
  if (d.last === 'deadline') return /年$/.test(cur.value) && /^(?:\d{1,2}月|[底末]|第?[一二三四]季度|[上下]半年)/.test(text);
  const items = splitList(text);
  if (items.length === 0) return false;
  if (d.last === 'leaders') return items.every(looksLikeName);
  return /[、，]$/.test(cur.value) ? items.every((u) => !/[。]/.test(u)) : items.every(looksLikeUnit);
}

export function readDivisionOfWork(input: ReaderInput): ReaderOutput {
  const out = emptyOutput();
  const { id, doc, head } = input;
  const planYear = head.titleYears[0] ?? (head.date ? Number(head.date.slice(0, 4)) : input.year ?? null);
  if (planYear === null) {
    out.problems.push({ document: id, line: null, message: M.noYear() });
    return out;
  }
  out.planYear = planYear;
  const drafts: Draft[] = [];
  let section = '';
  let item: Draft | null = null;
  let table: (FieldKind | 'no' | 'text' | null)[] | null = null;

  const startItem = (no: number, text: string, line: number): Draft => {
    const d: Draft = { no, text, line, section, fields: {}, last: 'text' };
    drafts.push(d);
    return d;
  };

  for (const l of doc.lines) {
    const text = l.text;
    if (text.includes('\t')) {
      const cells = text.split('\t').map((c) => c.trim());
      const kinds = cells.map((c) => TABLE_HEADER_CELL.find((h) => h.re.test(c))?.kind ?? null);
      if (kinds.filter((k) => k !== null && k !== 'text' && k !== 'no').length >= 2) {
        table = kinds;
        item = null;
        continue;
      }
      if (table) {
        item = readTableRow(cells, table, l, startItem, (s) => (section = s)) ?? item;
        continue;
      }
    }
    if (OTHER_FIELD.test(text)) {
      item = null;
      continue;
    }
    const sec = SECTION.exec(text);
    if (sec && !HAS_LABEL.test(text)) {
      section = sec[2].replace(/[。：:]$/, '').trim();
      item = null;
      continue;
    }
    const it = ITEM.exec(text);
    if (it) {
      const no = Number(it[1] ?? it[2]);
      item = startItem(no, '', l.line);
      addContent(item, it[3], l);
      continue;
    }
    if (!item) continue;
    if (HAS_LABEL.test(text) || item.last === 'text') {
      addContent(item, text, l);
      continue;
    }
    if (continuesField(item, text)) {
      const kind = item.last as FieldKind;
      appendField(item, kind, text, l.line);
      continue;
    }
    // Anything else after an item's fields (a signature, 抄送 lines) ends the item list.
    item = null;
  }

  // Numbers must identify tasks: if a document restarts numbering per section, number in order.
  const seen = new Set<number>();
  let renumber = false;
  for (const d of drafts) {
    if (seen.has(d.no)) {
      out.problems.push({ document: id, line: d.line, message: M.duplicateNo(d.no) });
      renumber = true;
      break;
    }
    seen.add(d.no);
  }
  if (renumber) drafts.forEach((d, i) => (d.no = i + 1));

  // A field every item has is expected; one that no item has (牵头领导 in a 牵头单位 layout) is not.
  const usage = new Map<FieldKind, number>();
  for (const d of drafts) for (const k of Object.keys(d.fields) as FieldKind[]) usage.set(k, (usage.get(k) ?? 0) + 1);
  // 配合单位 is often absent by design; the others are what a division of work is for.
  const expected = FIELD_LABELS.filter((f) => f.kind !== 'coUnits' && (usage.get(f.kind) ?? 0) * 2 >= drafts.length && drafts.length > 0);

  for (const d of drafts) {
    for (const f of expected) {
      if (!d.fields[f.kind]) out.problems.push({ document: id, line: d.line, message: M.missingField(d.no, f.zh, f.en) });
    }
    const leaders = d.fields.leaders ? splitList(d.fields.leaders.value) : [];
    const units = [
      ...(d.fields.leadUnit ? splitList(d.fields.leadUnit.value) : []),
      ...(d.fields.units ? splitList(d.fields.units.value) : []),
      ...(d.fields.coUnits ? splitList(d.fields.coUnits.value) : []),
    ].filter((u, i, all) => all.indexOf(u) === i);
    let deadline: string | null = null;
    if (d.fields.deadline) {
      const r = parseDeadline(d.fields.deadline.value, planYear);
      if (r.ok) deadline = r.date;
      else out.problems.push({ document: id, line: d.fields.deadline.line, message: M.badDeadline(d.no, d.fields.deadline.value) });
    }
    const text = d.text.trim();
    const task: Task = { year: planYear, no: d.no, section: d.section, text, leaders, units, deadline, source: { document: id, line: d.line } };
    out.tasks.push(task);
    if (/目标|指标/.test(d.section)) {
      const meanings = parseTargetPhrase(text);
      if (!meanings) {
        out.problems.push({ document: id, line: d.line, message: M.badTarget(clip(text)) });
        continue;
      }
      for (const m of meanings) {
        const target: Target = { year: planYear, ...m, leaders, units, deadline, source: { document: id, line: d.line }, taskNo: d.no };
        out.targets.push(target);
      }
    }
  }
  return out;
}

/** Splits "text 牵头领导：A 责任单位：B（完成时限：C）" into the item text and its fields. */
function addContent(d: Draft, text: string, l: LogicalLine): void {
  const marks = [...text.matchAll(LABEL_IN_LINE)];
  const before = (marks.length ? text.slice(0, marks[0].index) : text).trim();
  if (before) {
    if (d.last === 'text' || d.last === 'row' || Object.keys(d.fields).length === 0) d.text += before;
    else appendField(d, d.last, before, l.line);
  }
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i];
    const kind = labelKind(m[1]);
    const start = (m.index ?? 0) + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1].index ?? text.length : text.length;
    const value = balanceClose(text.slice(start, end).replace(/^[\s：:]+|[\s；;，,。]+$/g, ''));
    if (kind) appendField(d, kind, value, l.line);
  }
}

/** Drops a closing bracket that closes a bracket opened before the label ("…（完成时限：年底）"). */
function balanceClose(v: string): string {
  let s = v;
  while (/[）)]$/.test(s) && (s.match(/[）)]/g) ?? []).length > (s.match(/[（(]/g) ?? []).length) s = s.slice(0, -1).replace(/[\s；;，,。]+$/, '');
  return s;
}

function readTableRow(
  cells: string[],
  kinds: (FieldKind | 'no' | 'text' | null)[],
  l: LogicalLine,
  startItem: (no: number, text: string, line: number) => Draft,
  setSection: (s: string) => void,
): Draft | null {
  const noCell = kinds.indexOf('no');
  const noText = noCell >= 0 ? cells[noCell] : '';
  const no = /^\d+$/.test(noText) ? Number(noText) : null;
  if (no === null) {
    // A section row of a table: its heading in the first filled cell, the rest empty or notes.
    const first = cells.find((c) => c !== '') ?? '';
    const sec = SECTION.exec(first);
    if (sec) setSection(sec[2].replace(/[。：:]$/, '').trim());
    return null;
  }
  const d = startItem(no, '', l.line);
  cells.forEach((c, i) => {
    const k = kinds[i];
    if (k === 'text') d.text += c;
    else if (k && k !== 'no' && c !== '') appendField(d, k, c, l.line);
  });
  d.last = 'row';
  return d;
}
