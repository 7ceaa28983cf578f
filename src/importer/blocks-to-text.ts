/**
 * The bridge from the document model (document.ts) to what the readers read (NormalisedText):
 * every block becomes one text line, and every logical line keeps the block's own source line,
 * so a problem found in a PDF or a Word table still points at the line or paragraph it came from.
 *
 * A table row becomes its cells joined by a tab: the division-of-work reader already reads a tab
 * line under a header row as a table row. A row of a single cell (a heading spanning the table, a
 * merged row) is an ordinary line. Headings and paragraphs are their text; a list item is its
 * enumerator followed by its text, as it would have been written.
 */
import type { Block } from './document';
import { normaliseText, type NormalisedText } from './normalize';

/** Text with, for each of its lines (0-based), the source line it came from. */
export interface LinedText {
  text: string;
  sourceLines: number[];
}

/** A cell or a paragraph on one line: inner breaks and tabs would split it into other lines or cells. */
function oneLine(s: string): string {
  return s.replace(/[\t\r\n\v\f\u2028\u2029]+/g, ' ').trim();
}

/** The text line of one block; '' when the block has no text. */
export function blockLine(b: Block): string {
  switch (b.kind) {
    case 'row': {
      const cells = b.cells.map(oneLine);
      while (cells.length && cells[cells.length - 1] === '') cells.pop();
      if (cells.every((c) => c === '')) return '';
      // A spanning row (one cell, or the same text in every cell of a merge) is a line, not a row.
      const filled = cells.filter((c) => c !== '');
      if (cells.length === 1 || (filled.length === cells.length && filled.every((c) => c === filled[0]) && cells.length > 1)) return filled[0];
      return cells.join('\t');
    }
    case 'item':
      return oneLine(`${b.enumerator ?? ''}${b.text}`);
    default:
      return oneLine(b.text);
  }
}

/** Blocks → text, one line per block, with each line's source line. Pure; O(total text). */
export function blocksToLinedText(blocks: readonly Block[]): LinedText {
  const lines: string[] = [];
  const sourceLines: number[] = [];
  for (const b of blocks) {
    const t = blockLine(b);
    if (t === '') continue;
    lines.push(t);
    sourceLines.push(b.at.line);
  }
  return { text: lines.join('\n'), sourceLines };
}

/** Blocks → plain text (for display, byte counts and callers that want the text). */
export function blocksToText(blocks: readonly Block[]): string {
  return blocksToLinedText(blocks).text;
}

/**
 * Blocks → the readers' input: normalised exactly as a text file is (normalize.ts), then every
 * line number mapped from the position in the generated text back to the block's source line.
 */
export function normaliseBlocks(blocks: readonly Block[]): NormalisedText {
  const { text, sourceLines } = blocksToLinedText(blocks);
  const src = (n: number): number => sourceLines[n - 1] ?? n;
  const doc = normaliseText(text);
  return {
    lines: doc.lines.map((l) => ({ text: l.text, line: src(l.line), pieces: l.pieces.map((p) => ({ offset: p.offset, line: src(p.line) })) })),
  };
}
