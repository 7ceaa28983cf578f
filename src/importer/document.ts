/**
 * The neutral document model: what every file format becomes before any reader looks at it.
 *
 * A document is a flat list of blocks in reading order. Four kinds are enough for plan documents:
 * headings, paragraphs, list items (with the enumerator when the format knows it: `1.`, `（一）`, `★`)
 * and table rows (one cell per column, a merged cell's text in its first column). Nesting (lists in
 * cells, tables in tables) is flattened by the format adapters, because no reader needs it and every
 * format nests differently.
 *
 * Each block says where it stands in the file, so a fact read from it can point back there:
 * `line` is the 1-based line of a text file, the paragraph or row ordinal of a Word/HTML file, the
 * line in reading order of a PDF's text layer (across pages; `page` says which page), or the running
 * row number over a workbook's sheets (`sheet` names the sheet). Lines only grow in reading order.
 *
 * Adapters live in src/hosts/node/ (one per format); readers see blocks only through
 * blocks-to-text.ts, so a new format never touches a reader.
 */

/** Where a block stands in its file; see the module comment for what `line` counts per format. */
export interface BlockSource {
  line: number;
  /** 1-based page of a PDF. */
  page?: number;
  /** Sheet name of a workbook. */
  sheet?: string;
}

export interface HeadingBlock {
  kind: 'heading';
  /** 1 = the document's title level; deeper headings count up. */
  level: number;
  text: string;
  at: BlockSource;
}

export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
  at: BlockSource;
}

export interface ItemBlock {
  kind: 'item';
  /** The enumerator as written or as the format numbers it (`1.`, `（三）`, `●`); null when unknown. */
  enumerator: string | null;
  text: string;
  at: BlockSource;
}

export interface RowBlock {
  kind: 'row';
  /** Cell texts in column order, each on one line (a cell's paragraphs joined). */
  cells: string[];
  at: BlockSource;
}

export type Block = HeadingBlock | ParagraphBlock | ItemBlock | RowBlock;

/** Constructors that keep adapters short and the shapes in one place. */
export const block = {
  heading: (text: string, level: number, at: BlockSource): HeadingBlock => ({ kind: 'heading', level, text, at }),
  paragraph: (text: string, at: BlockSource): ParagraphBlock => ({ kind: 'paragraph', text, at }),
  item: (text: string, enumerator: string | null, at: BlockSource): ItemBlock => ({ kind: 'item', enumerator, text, at }),
  row: (cells: string[], at: BlockSource): RowBlock => ({ kind: 'row', cells, at }),
};
