/**
 * Text of a .docx as the importer wants it: one paragraph per line, and each table row on one
 * line with its cells separated by tabs (the layout the division-of-work reader knows as a
 * table). mammoth's raw-text extraction puts every cell on lines of its own, which loses the
 * rows, so the text is taken from mammoth's HTML, whose shape is simple and regular.
 */
import mammoth from 'mammoth';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function stripTags(s: string): string {
  return decodeEntities(s.replace(/<[^>]*>/g, ''));
}

/** A table cell: its paragraphs run together (a wrapped cell is one value), tabs and breaks as spaces. */
function cellText(html: string): string {
  return stripTags(html.replace(/<br\s*\/?>/gi, '')).replace(/[\t\r\n]+/g, ' ').trim();
}

export function htmlToText(html: string): string {
  const out: string[] = [];
  let rest = html;
  for (;;) {
    const start = rest.search(/<table[\s>]/i);
    const before = start < 0 ? rest : rest.slice(0, start);
    const text = stripTags(before.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|h[1-6]|li)>/gi, '\n'));
    out.push(...text.split('\n'));
    if (start < 0) break;
    const end = rest.indexOf('</table>', start);
    const table = end < 0 ? rest.slice(start) : rest.slice(start, end + '</table>'.length);
    for (const row of table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)) {
      const cells = [...row[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/gi)].map((c) => cellText(c[1]));
      if (cells.some((c) => c !== '')) out.push(cells.join('\t'));
    }
    if (end < 0) break;
    rest = rest.slice(end + '</table>'.length);
  }
  return out.map((l) => l.trimEnd()).join('\n');
}

export async function docxText(buffer: Buffer): Promise<string> {
  const r = await mammoth.convertToHtml({ buffer });
  return htmlToText(r.value);
}
