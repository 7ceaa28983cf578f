/**
 * HTML → blocks, through cheerio (parse5): a government web page as saved from the browser, and the
 * HTML mammoth makes of a .docx. A page's blocks carry the HTML source line of their element (parse5's
 * source locations), so a problem points at the line of the saved page; a .docx's blocks carry their
 * position (paragraphs and table rows counted from 1).
 *
 * Text flows as a browser lays it out: block elements (p, div, h1–h6, li, br …) end a line; h1–h6 are
 * headings; li are items, numbered as their <ol> numbers them; every <tr> is a table row, a cell
 * spanning columns (colspan) followed by empty cells so later columns stay in place, and a cell
 * spanning rows (rowspan) repeated in the rows below — in a responsibility table a merged 责任单位
 * cell is the unit of every row it spans. A table inside a cell becomes that cell's text.
 *
 * Page chrome is left out (page-chrome.ts decides what it is).
 */
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from './dom-types';
import { block, type Block } from '../../importer';
import { contentRoot, dropChrome, isChromeLine } from './page-chrome';

const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'center',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
  'caption',
  'body',
  'html',
  'tr',
  'td',
  'th',
]);

function isElement(n: AnyNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

function lineOf(n: AnyNode, fallback: number): number {
  return (n as Element).sourceCodeLocation?.startLine ?? fallback;
}

/** The text of a node as one line: inner breaks become spaces. */
function flatText($: cheerio.CheerioAPI, n: Element): string {
  return $(n).text().replace(/\s+/g, ' ').trim();
}

class Flow {
  readonly blocks: Block[] = [];
  private text = '';
  private line = 0;
  constructor(private readonly fallbackLine: () => number) {}

  add(s: string, line: number): void {
    if (this.text === '' && s.trim() === '') return;
    if (this.text === '') this.line = line;
    this.text += s;
  }

  /** Ends the current line as a paragraph (or as the given kind). */
  end(make?: (text: string, line: number) => Block): void {
    const t = this.text.replace(/\s+/g, ' ').trim();
    if (t !== '') this.blocks.push(make ? make(t, this.line) : block.paragraph(t, { line: this.line || this.fallbackLine() }));
    this.text = '';
  }
}

function tableRows($: cheerio.CheerioAPI, table: Element, flow: Flow): void {
  // Only this table's own rows: rows of a nested table are part of a cell's text.
  const rows = $(table)
    .find('tr')
    .filter((_, tr) => $(tr).closest('table')[0] === table);
  const carried: { text: string; left: number }[] = [];
  rows.each((_, tr) => {
    const cells: string[] = [];
    let col = 0;
    const fillCarried = (): void => {
      while (carried[col] && carried[col].left > 0) {
        cells.push(carried[col].text);
        carried[col].left--;
        col++;
      }
    };
    $(tr)
      .children('td, th')
      .each((__, td) => {
        fillCarried();
        const text = flatText($, td);
        const span = Math.max(1, Number($(td).attr('colspan')) || 1);
        const down = Math.max(1, Number($(td).attr('rowspan')) || 1);
        for (let k = 0; k < span; k++) {
          cells.push(k === 0 ? text : '');
          carried[col] = { text: k === 0 ? text : '', left: down - 1 };
          col++;
        }
      });
    fillCarried();
    if (cells.some((c) => c !== '')) flow.blocks.push(block.row(cells, { line: lineOf(tr, 0) }));
  });
}

/**
 * Blocks of an HTML document. `page` true for a saved web page: the content is taken from the page's
 * main container and its chrome left out; false for HTML that is all document (mammoth's).
 */
export function htmlBlocks(html: string, page: boolean): Block[] {
  const $ = cheerio.load(html, { sourceCodeLocationInfo: true });
  $('script, style, noscript, template, iframe, object, select, button, input, textarea, svg').remove();
  let roots: Element[] = $('body').toArray();
  if (page) {
    dropChrome($);
    roots = contentRoot($);
  }
  let last = 1;
  const flow = new Flow(() => last);
  let pre = 0;
  const walk = (n: AnyNode): void => {
    if (n.type === 'text') {
      const data = (n as unknown as { data: string }).data;
      if (pre === 0) return flow.add(data, last);
      // In <pre> a newline is a line break (LibreOffice exports text-file paragraphs so).
      data.split(/\r?\n/).forEach((part, i) => {
        if (i > 0) flow.end();
        flow.add(part, last);
      });
      return;
    }
    if (!isElement(n)) return;
    last = lineOf(n, last);
    const tag = n.name.toLowerCase();
    if (tag === 'br') return flow.end();
    if (tag === 'table') {
      flow.end();
      return tableRows($, n, flow);
    }
    if (/^h[1-6]$/.test(tag)) {
      flow.end();
      flow.add(flatText($, n), last);
      return flow.end((t, line) => block.heading(t, Number(tag[1]), { line }));
    }
    if (tag === 'li') {
      flow.end();
      const list = n.parent as Element | null;
      const ordered = list?.name === 'ol';
      const start = ordered ? Number($(list).attr('start')) || 1 : 1;
      const index = ordered ? $(n).prevAll('li').length + start : 0;
      const line = last;
      for (const c of n.children) walk(c);
      return flow.end((t, l) => block.item(t, ordered ? `${index}.` : null, { line: l || line }));
    }
    const isBlock = BLOCK_TAGS.has(tag);
    if (isBlock) flow.end();
    if (tag === 'pre') pre++;
    for (const c of n.children) walk(c);
    if (tag === 'pre') pre--;
    if (isBlock) flow.end();
  };
  for (const r of roots) walk(r);
  flow.end();
  if (page) return flow.blocks.filter((b) => b.kind === 'row' || !isChromeLine(b.text));
  // HTML made from another format (mammoth's, on one line) has no useful source lines: number the
  // blocks instead, which for a .docx is the paragraph or table row's position in the document.
  return flow.blocks.map((b, i) => ({ ...b, at: { ...b.at, line: i + 1 } }));
}
