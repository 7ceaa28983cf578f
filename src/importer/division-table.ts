/**
 * Division-of-work tables: a header row whose cells the field lexicon names (序号, 重点任务,
 * 牵头领导, 责任单位, 完成时限, 责任人 …), then one row per task, with section rows (一、…, which may
 * carry fields for every row under them). Rows arrive as tab-joined cells, whatever the format:
 * .docx/.html/.pdf/.xlsx tables and web-page copies are turned into such rows by the format layer.
 */
import { headerKind, type FieldKind } from './field-labels';
import { readEnumerator } from './enumerators';
import { addContent, appendField, type Draft } from './division-draft';

export type ColumnKind = FieldKind | 'no' | 'text' | null;

/** The columns of a header row, or null when the row is not a division-of-work header (two fields at least). */
export function tableHeader(text: string): ColumnKind[] | null {
  if (!text.includes('\t')) return null;
  const kinds = text.split('\t').map((c) => headerKind(c.trim()));
  const fields = kinds.filter((k) => k !== null && k !== 'text' && k !== 'no').length;
  return fields >= 2 || (fields >= 1 && kinds.includes('text')) ? kinds : null;
}

/**
 * Reads one row under a header. Returns the new item, or { section } for a section row, or null
 * for a row that is neither (a note, a total). `last` says whether this is the document's last line:
 * a last row with fewer cells than the header is cut off. `previous` is the last item's number,
 * for tables that number rows by their place only.
 */
export function readTableRow(text: string, kinds: ColumnKind[], line: number, last: boolean, previous: number, start: (no: number, line: number) => Draft): Draft | { section: string } | null {
  const cells = text.split('\t').map((c) => c.trim());
  const noCell = kinds.indexOf('no');
  const noText = noCell >= 0 ? (cells[noCell] ?? '') : '';
  const serial = /^(\d{1,3})[.、．]?$/.exec(noText);
  let no = serial ? Number(serial[1]) : null;
  const textCell = cells[kinds.indexOf('text')] ?? '';
  const hasField = cells.some((c, i) => c !== '' && kinds[i] !== null && kinds[i] !== 'no' && kinds[i] !== 'text');
  if (noCell < 0) {
    // No 序号 column: the text cell's own enumerator numbers the row, else its place in the table.
    const e = readEnumerator(textCell);
    if (e && e.style !== 'bullet' && e.style !== 'cn-dun' && e.style !== 'cn-paren') no = e.value;
    else if (textCell !== '' && hasField) no = previous + 1;
  }
  if (no === null) {
    const first = cells.find((c) => c !== '') ?? '';
    const e = readEnumerator(first);
    if (e && (e.style === 'cn-dun' || e.style === 'cn-paren' || e.style === 'ordinal')) return { section: first };
    return null;
  }
  const d = start(no, line);
  cells.forEach((c, i) => {
    const k = kinds[i];
    if (c === '' || !k || k === 'no') return;
    if (k === 'text') {
      d.last = 'text';
      addContent(d, c.replace(/^[（(]?\d{1,3}[）)]?[.．、]?\s*(?=\D)/, noCell < 0 ? '' : '$&'), line);
    } else appendField(d.fields, k, c, line);
  });
  d.last = 'closed';
  if (last) d.missingColumns = kinds.slice(cells.length).filter((k): k is FieldKind => k !== null && k !== 'no' && k !== 'text');
  return d;
}
