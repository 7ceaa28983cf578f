/**
 * Plain text → blocks, with the tables that text copied from a web page carries put back together.
 *
 * Three table shapes arrive in text:
 * - tab-separated rows (a spreadsheet or a Word table pasted as text): a row per line;
 * - pipe rows (`文 号 | 无 | 信息分类： | 其他 |`, a page's table as a search index or a Markdown
 *   export keeps it), with `---|---` rule lines between: a row per line, rule lines dropped;
 * - one cell per line, cells parted by blank lines or by lines holding only `|` (a browser's copy of
 *   an HTML table; corpus yunyang-2023): recognised by its header, a run of three or more column
 *   names (序号, 目标任务, 牵头单位, 责任单位, 责任人 …). The header's length is the number of
 *   columns; rows are then grouped from the cells that follow, each starting at its serial number
 *   when the first column is 序号, else every N cells. A gap wider than the one between header
 *   cells is an empty cell. A line numbered as a section (`一、…`) inside the table spans it and
 *   stays a line of its own.
 * Every other line is a paragraph with its own line number, so plain text reads as before.
 */
import { block, type Block } from './document';

/** Column names of responsibility tables and target tables, after removing inner spaces (`目  标  任  务`). */
const HEADER_CELL =
  /^(?:序号|编号|目标任务|工作任务|重点任务|重点工作|主要任务|任务|任务内容|工作内容|主要内容|具体内容|工作目标|目标|指标|指标名称|主要指标|内容|具体措施|工作措施|牵头领导|责任领导|分管领导|牵头区领导|牵头县领导|牵头市领导|责任人|责任科室|牵头单位|责任单位|主责单位|配合单位|协办单位|参与单位|完成时限|完成时间|时间节点|完成期限|时限要求|计量单位|目标值|预期目标|备注)$/;
/** A header must name at least one field of responsibility or time, or it is just a list of words. */
const FIELD_CELL = /领导|责任|单位|时限|时间|节点|期限/;
const SERIAL = /^\d{1,3}$/;
const SECTION = /^[一二三四五六七八九十]+[、.．]/;
const PIPE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/;

interface TextLine {
  text: string;
  /** 1-based line in the text. */
  line: number;
  /** Blank lines just before this one (since the previous non-blank, non-pipe line). */
  blanks: number;
  /** Lines holding only `|` just before this one. */
  pipes: number;
}

function squeeze(s: string): string {
  return s.replace(/[\s\u3000]+/g, '');
}

function pipeCells(s: string): string[] | null {
  if (!s.includes('|')) return null;
  const parts = s.split('|').map((c) => c.trim());
  if (parts[0] === '') parts.shift();
  if (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts.length >= 2 ? parts : null;
}

/** The header run starting at i: its length, or 0 when lines i… are not a table header. */
function headerAt(lines: TextLine[], i: number): number {
  let n = 0;
  while (i + n < lines.length && HEADER_CELL.test(squeeze(lines[i + n].text))) n++;
  if (n < 3) return 0;
  return lines.slice(i, i + n).some((l) => FIELD_CELL.test(squeeze(l.text))) ? n : 0;
}

/** Empty cells hidden in the gap before a cell, given the gap that parts two filled cells. */
function emptyCellsBefore(l: TextLine, sepBlanks: number): number {
  if (l.pipes > 0) return Math.max(0, l.pipes - 1);
  return sepBlanks === 0 ? l.blanks : Math.max(0, Math.floor((l.blanks - sepBlanks) / (sepBlanks + 1)));
}

/**
 * Groups the cells after a header of `columns` cells into rows; returns the blocks and the index
 * of the first line after the table.
 */
function readCellTable(lines: TextLine[], start: number, columns: number, out: Block[]): number {
  const header = lines.slice(start, start + columns);
  out.push(
    block.row(
      header.map((l) => squeeze(l.text)),
      { line: header[0].line },
    ),
  );
  const gaps = header
    .slice(1)
    .map((l) => l.blanks)
    .sort((a, b) => a - b);
  const sepBlanks = gaps[Math.floor(gaps.length / 2)] ?? 1;
  const numbered = /^(?:序号|编号)$/.test(squeeze(header[0].text));
  let i = start + columns;
  let row: { cells: string[]; line: number } | null = null;
  const flush = (): void => {
    if (row) out.push(block.row(row.cells, { line: row.line }));
    row = null;
  };
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (SECTION.test(l.text)) {
      flush();
      out.push(block.paragraph(l.text, { line: l.line }));
      continue;
    }
    const startsRow = numbered ? SERIAL.test(l.text) : row === null || row.cells.length >= columns;
    if (startsRow) {
      flush();
      row = { cells: [l.text], line: l.line };
      continue;
    }
    // A cell beyond the last column, or text where a serial number should open a row: the table ended.
    if (!row || row.cells.length >= columns) break;
    for (let k = emptyCellsBefore(l, sepBlanks); k > 0 && row.cells.length < columns - 1; k--) row.cells.push('');
    row.cells.push(l.text);
  }
  flush();
  return i;
}

/** Plain text → blocks (paragraphs and table rows), each with its 1-based line in the text. */
export function textBlocks(text: string): Block[] {
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const lines: TextLine[] = [];
  let blanks = 0;
  let pipes = 0;
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i].trim();
    if (t === '') blanks++;
    else if (/^[|｜]$/.test(t)) pipes++;
    else {
      lines.push({ text: raw[i], line: i + 1, blanks, pipes });
      blanks = 0;
      pipes = 0;
    }
  }
  const out: Block[] = [];
  for (let i = 0; i < lines.length;) {
    const l = lines[i];
    const columns = headerAt(lines, i);
    if (columns) {
      i = readCellTable(lines, i, columns, out);
      continue;
    }
    const at = { line: l.line };
    if (l.text.includes('\t')) out.push(block.row(l.text.split('\t'), at));
    else if (PIPE_RULE.test(l.text)) {
      /* the rule under a pipe table's header: no content */
    } else {
      const cells = pipeCells(l.text);
      out.push(cells ? block.row(cells, at) : block.paragraph(l.text, at));
    }
    i++;
  }
  return out;
}
