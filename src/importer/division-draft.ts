/**
 * One item of a division of work while it is being read: its text and the fields found for it,
 * wherever they stand (own lines, inline labels, a trailing bracket group, the form after the
 * names). The field lexicon is field-labels.ts; this file only decides which part of a line is
 * the task's text and which is a field, so brackets never stay in either.
 */
import { splitList, looksLikeUnit, looksLikeName } from './lists';
import { LABEL_COLON, afterNames, cleanValue, fieldsIn, trailingFieldGroups, type FieldKind, type FoundField } from './field-labels';

export type FieldMap = Partial<Record<FieldKind, { value: string; line: number }>>;

export interface Draft {
  no: number;
  text: string;
  line: number;
  section: string;
  fields: FieldMap;
  /** Fields of the headings the item stands under (二、…（牵头领导：王明）), outermost first. */
  inherited: FieldMap;
  /** What the next unlabelled line would continue; 'closed' after a bracket group or a table row. */
  last: FieldKind | 'text' | 'closed';
  /** A table row with fewer cells than its header at the end of the document. */
  cutOff?: boolean;
  /** For the document's last table row: the named columns it has no cell for (trailing empty cells are dropped by the format layer). */
  missingColumns?: FieldKind[];
}

/** Adds a field value; a second value of the same field continues the first (a wrapped list). */
export function appendField(fields: FieldMap, kind: FieldKind, value: string, line: number): void {
  const cur = fields[kind];
  const v = cleanValue(value);
  if (v === '') return;
  const sep = kind === 'deadline' || /[、，]$/.test(cur?.value ?? '') || cur?.value === '' ? '' : '、';
  fields[kind] = cur ? { value: cur.value + sep + v, line: cur.line } : { value: v, line };
}

/**
 * The last clause(s) of a text when they name who leads and who takes part without a label
 * (`…城市更新，区住建局牵头，各街道配合。`): the longest such tail, with what stands before it.
 */
export function trailingAfterNames(text: string): { before: string; fields: FoundField[] } | null {
  const seps = [...text.matchAll(/[，,；;。]/g)].map((m) => m.index ?? 0);
  for (const i of seps) {
    const tail = text.slice(i + 1);
    if (tail.replace(/[。\s]/g, '') === '') continue;
    const fields = afterNames(tail);
    if (fields.length) return { before: text.slice(0, i + 1).replace(/[，,；;]$/, '。'), fields };
  }
  return null;
}

/** Splits a line of an item into text and fields, and adds both to the draft. */
export function addContent(d: Draft, text: string, line: number): void {
  let body = text;
  let fields: FoundField[] = [];
  let closes = false;
  const group = trailingFieldGroups(text);
  const first = text.search(LABEL_COLON);
  if (group) {
    body = group.before;
    fields = group.fields;
    closes = true;
  } else if (first >= 0) {
    // Fields inline after the text, possibly opening a bracket that closes on a later line.
    body = text.slice(0, first).replace(/[（(\[【〔［]\s*$/, '');
    fields = fieldsIn(text.slice(first));
  } else if (d.text !== '' && afterNames(text).length) {
    // A line of its own after the item's text: 区发改局牵头，区财政局配合。
    body = '';
    fields = afterNames(text);
  } else {
    const names = trailingAfterNames(text);
    if (names) {
      body = names.before;
      fields = names.fields;
    }
  }
  body = body.trim();
  if (body) {
    if (d.last === 'text' || Object.keys(d.fields).length === 0) d.text += body;
    else if (d.last !== 'closed') appendField(d.fields, d.last, body, line);
  }
  for (const f of fields) {
    appendField(d.fields, f.kind, f.value, line);
    d.last = f.kind;
  }
  if (closes) d.last = 'closed';
}

/** Whether a line that follows a field wraps its value onto the next line. */
export function continuesField(d: Draft, text: string): boolean {
  if (d.last === 'text' || d.last === 'closed') return false;
  const cur = d.fields[d.last];
  if (!cur) return false;
  if (d.last === 'deadline') return /年$/.test(cur.value) && /^(?:\d{1,2}月|[底末]|第?[一二三四]季度|[上下]半年)/.test(text);
  const items = splitList(text);
  if (items.length === 0) return false;
  if (d.last === 'leaders' || d.last === 'persons') return items.every(looksLikeName);
  return /[、，]$/.test(cur.value) ? items.every((u) => !/[。]/.test(u)) : items.every(looksLikeUnit);
}

/** An item's effective fields: its own, else the nearest heading's. */
export function effective(d: Draft, kind: FieldKind): { value: string; line: number } | undefined {
  return d.fields[kind] ?? d.inherited[kind];
}
