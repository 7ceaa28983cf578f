/**
 * One lexicon of the field labels of a division of work (牵头领导, 责任单位, 完成时限 …), applied
 * wherever a label stands: on its own line, inline after the task, inside a trailing bracket group
 * (（…） (…) […] 【…】 〔…〕), in a section heading, in a table header cell; and the label-less form
 * that follows the names (`A、B牵头，C按职责分工负责`, `由A牵头，B配合`).
 *
 * Pure functions over one line of text; the reader decides what a found field belongs to.
 */
import { splitList, looksLikeUnit } from './lists';

export type FieldKind = 'leaders' | 'persons' | 'leadUnit' | 'units' | 'coUnits' | 'deadline';

export interface FieldLabel {
  kind: FieldKind;
  /** Every way districts write the label. Data: a new variant is one word here. */
  words: readonly string[];
  zh: string;
  en: string;
}

export const FIELD_LABELS: readonly FieldLabel[] = [
  {
    kind: 'leaders',
    words: [
      '牵头领导',
      '责任领导',
      '分管领导',
      '牵头区领导',
      '牵头市领导',
      '牵头县领导',
      '联系领导',
      '分管区领导',
      '分管市领导',
      '责任区领导',
      '责任市领导',
      '区级领导',
      '市级领导',
      '县级领导',
      '责任县领导',
      '分管县领导',
    ],
    zh: '牵头领导',
    en: 'lead leaders (牵头领导)',
  },
  { kind: 'persons', words: ['责任人', '具体责任人'], zh: '责任人', en: 'responsible person (责任人)' },
  { kind: 'leadUnit', words: ['牵头单位', '牵头部门', '主办单位', '主责单位', '牵头责任单位'], zh: '牵头单位', en: 'lead unit (牵头单位)' },
  { kind: 'units', words: ['责任单位', '责任部门', '承办单位', '落实单位', '实施单位', '责任科室'], zh: '责任单位', en: 'responsible units (责任单位)' },
  { kind: 'coUnits', words: ['配合单位', '配合部门', '协办单位', '参与单位', '协同单位', '协作单位'], zh: '配合单位', en: 'cooperating units (配合单位)' },
  { kind: 'deadline', words: ['完成时限', '完成时间', '时间节点', '完成期限', '时限要求', '时限', '完成时间节点'], zh: '完成时限', en: 'deadline (完成时限)' },
];

// Longest first, so 牵头区领导 is not read as 牵头 + 区领导 and 完成时间节点 not as 完成时间.
const ALL_WORDS = FIELD_LABELS.flatMap((f) => f.words).sort((a, b) => b.length - a.length);
// A bare 时限 is a label only where a word starts (审批时限：… is prose, not a deadline field).
const LABEL_ALT = ALL_WORDS.map((w) => (w === '时限' ? '(?<![\\u4e00-\\u9fff])时限' : w)).join('|');

/** A label followed by a colon, anywhere in a line. */
export const LABEL_COLON = new RegExp(`(${LABEL_ALT})\\s*[：:]`, 'g');
/** Whether a line carries at least one labelled field. */
export const HAS_LABEL = new RegExp(`(?:${LABEL_ALT})\\s*[：:]`);

/** The field a label stands for; null for any other word. */
export function labelKind(label: string): FieldKind | null {
  const w = label.replace(/\s+/g, '');
  return FIELD_LABELS.find((f) => f.words.includes(w))?.kind ?? null;
}

/** A table header cell → the field of its column (序号 and the task text column included). */
export function headerKind(cell: string): FieldKind | 'no' | 'text' | null {
  const c = cell.replace(/[\s*]/g, '');
  if (/^(?:序号|编号|No\.?)$/i.test(c)) return 'no';
  const k = labelKind(c.replace(/[（(][^）)]*[）)]$/, ''));
  if (k) return k;
  // The task column: 重点任务, 目标任务, 工作内容, 工作任务及目标, 具体措施 … but not 计量单位, 目标值, 备注, 完成情况.
  if (c.length <= 10 && /任务|内容|事项|举措|措施|工作|目标/.test(c) && !/(?:单位|值|备注|进度|情况|领导|时限|时间)$/.test(c)) return 'text';
  return null;
}

export interface FoundField {
  kind: FieldKind;
  value: string;
}

const OPENERS: Record<string, string> = { '）': '（', ')': '(', ']': '[', '】': '【', '〕': '〔', '］': '［' };

/**
 * The trailing bracket group of a line, when it holds fields: `…治理。[牵头单位：区卫健局；责任单位：各街办（新区）]`
 * → { before: '…治理。', fields: [...] }. Brackets inside unit names (（新区）, （市、区）) are balanced,
 * so they never end a group nor stay behind in a value. Several groups in a row are all read.
 * Returns null when the line does not end with such a group.
 */
export function trailingFieldGroups(line: string): { before: string; fields: FoundField[] } | null {
  let s = line.replace(/[\s。；;，,]+$/, '');
  const fields: FoundField[] = [];
  for (;;) {
    const close = s[s.length - 1];
    const open = OPENERS[close];
    if (!open) break;
    let depth = 0;
    let start = -1;
    for (let i = s.length - 1; i >= 0; i--) {
      const c = s[i];
      if (OPENERS[c]) depth++;
      else if (Object.values(OPENERS).includes(c)) {
        depth--;
        if (depth === 0) {
          start = i;
          break;
        }
      }
    }
    if (start < 0) break;
    const inner = s.slice(start + 1, s.length - 1);
    const found = fieldsIn(inner);
    if (found.length === 0) break;
    fields.unshift(...found);
    s = s.slice(0, start).replace(/\s+$/, '');
  }
  return fields.length ? { before: s, fields } : null;
}

/**
 * The fields in a run of text: labelled (`牵头单位：A、B；完成时限：6月底`) or, when no label is
 * there, the form after the names (`A、B牵头，C、D配合`). Values have no stray brackets or
 * separators at either end. Empty when the text holds neither.
 */
export function fieldsIn(text: string): FoundField[] {
  const marks = [...text.matchAll(LABEL_COLON)];
  if (marks.length === 0) return afterNames(text);
  // Text before the first label is not a field: a group must start with its label.
  if (text.slice(0, marks[0].index).replace(/[\s（(\[【]/g, '') !== '') return [];
  const out: FoundField[] = [];
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i];
    const kind = labelKind(m[1]);
    const start = (m.index ?? 0) + m[0].length;
    const end = i + 1 < marks.length ? (marks[i + 1].index ?? text.length) : text.length;
    const value = cleanValue(text.slice(start, end));
    if (kind && value !== '') out.push({ kind, value });
  }
  return out;
}

/** Separators and unbalanced brackets trimmed from both ends of a field value. */
export function cleanValue(v: string): string {
  let s = v.replace(/^[\s：:，,；;、]+|[\s；;，,。、]+$/g, '');
  for (;;) {
    const last = s[s.length - 1];
    const open = OPENERS[last];
    if (!open || count(s, last) <= count(s, open)) break;
    s = s.slice(0, -1).replace(/[\s；;，,。、]+$/, '');
  }
  while (/^[（(\[【〔]/.test(s) && !balancedClose(s)) s = s.slice(1).trimStart();
  return s;
}

function count(s: string, c: string): number {
  let n = 0;
  for (const x of s) if (x === c) n++;
  return n;
}

function balancedClose(s: string): boolean {
  const open = s[0];
  const close = Object.keys(OPENERS).find((k) => OPENERS[k] === open) ?? '';
  return count(s, close) >= count(s, open);
}

/** A deadline as it stands without a label: 2026年12月底, 6月底前, 年底, 三季度, 长期. */
const DEADLINE_LIKE = /^(?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日)?(?:底|末|份)?|年底|年末|第?[一二三四]季度(?:末)?|[上下]半年|全年)(?:前|之前|以前)?(?:完成)?$|^(?:长期|持续推进|长期坚持)$/;

/** Verbs after the names: who leads and who takes part. Role words are never part of a unit's name. */
const LEAD_VERB = /^(?:由)?(.+?)(?:共同)?(?:牵头(?:负责|抓总|落实)?|[（(]牵头[）)])$/;
const PART_VERB = /^(?:由)?(.+?)(?:按职责分工负责|按职责负责|按照职责分工负责|分工负责|按职责分工落实|按职责落实|配合|参与|协助|协办|负责落实|负责|落实|[（(](?:配合|参与|协办|主责|负责)[）)])$/;

/**
 * The names of a run of text with the role each is given: the role word closes the names before it
 * since the last role (`区发改局、区财政局牵头，各乡镇配合`, `区科技局牵头、区人才办配合`). Names
 * after the last role word have none (null). Returns null when a named part does not look like a unit.
 */
function rolesOf(text: string): { kind: 'leadUnit' | 'units' | null; names: string[] }[] | null {
  const out: { kind: 'leadUnit' | 'units' | null; names: string[] }[] = [];
  let pending: string[] = [];
  for (const raw of splitList(text.replace(/[。]$/, ''))) {
    const tok = raw.replace(/^由/, '');
    const lead = LEAD_VERB.exec(tok);
    const part = lead ? null : PART_VERB.exec(tok);
    const name = (lead?.[1] ?? part?.[1] ?? tok).replace(/等$/, '');
    if (!looksLikeUnit(name)) return null;
    // A bracketed mark (区发改局（牵头）) is that name's alone, not the names before it.
    if (/[）)]$/.test(tok) && (lead || part) && pending.length) {
      out.push({ kind: null, names: pending });
      pending = [];
    }
    pending.push(name);
    if (lead || part) {
      out.push({ kind: lead ? 'leadUnit' : 'units', names: pending });
      pending = [];
    }
  }
  if (pending.length) out.push({ kind: null, names: pending });
  return out;
}

/**
 * `区发改局、区财政局牵头，各乡镇按职责分工负责` → lead units and units, when every name looks like a
 * unit (looksLikeUnit) and every name has its role word; anything else gives nothing, so prose is
 * never read as units.
 */
export function afterNames(text: string): FoundField[] {
  const parts = text
    .split(/[，,；;]/)
    .map((p) => p.trim().replace(/[。]$/, ''))
    .filter((p) => p !== '');
  if (parts.length === 0) return [];
  const out: FoundField[] = [];
  for (const p of parts) {
    // A deadline may close the group without its label: （区发改委牵头，区统计局配合；2026年12月底）.
    if (out.length && DEADLINE_LIKE.test(p)) {
      out.push({ kind: 'deadline', value: p });
      continue;
    }
    const roles = rolesOf(p);
    if (!roles || roles.length === 0 || roles.some((r) => r.kind === null)) return [];
    for (const r of roles) out.push({ kind: r.kind ?? 'units', value: r.names.join('、') });
  }
  return out.some((f) => f.kind === 'leadUnit') ? out : [];
}

/**
 * The units a field names, lead first: a plain list (区发改局、区财政局), a list that marks its lead
 * (区发改局（牵头）、区财政局), or the form after the names written inside the field
 * (区发改局牵头，区财政局、区统计局配合). Returns [lead units, other units].
 */
export function unitsOf(value: string): [string[], string[]] {
  const named = afterNames(value);
  if (named.length) {
    const lead = named.filter((f) => f.kind === 'leadUnit').flatMap((f) => splitList(f.value));
    const rest = named.filter((f) => f.kind !== 'leadUnit').flatMap((f) => splitList(f.value));
    return [lead, rest];
  }
  // A plain list, or one with role words but names that do not all look like units: the role
  // words are still taken off (区XX中心牵头 is 区XX中心), and a name marked 牵头 leads.
  const lead: string[] = [];
  const rest: string[] = [];
  for (const u of splitList(value)) {
    const l = LEAD_VERB.exec(u);
    const p = l ? null : PART_VERB.exec(u);
    if (l) lead.push(l[1]);
    else rest.push(p ? p[1] : u);
  }
  return [lead, rest];
}
