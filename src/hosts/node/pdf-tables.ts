/**
 * Ruled tables of a PDF page, rebuilt from the lines the page draws: a Word or WPS table exported
 * to PDF keeps its borders as line segments (or thin filled rectangles), and the cells' text wraps
 * and is centred inside them, so reading the text line by line tears each row apart (a task's text
 * on three lines, its leader centred between two rows). The borders say where each cell is.
 *
 * The vertical and horizontal borders make a grid; a grid cell is real when borders close it left and
 * right. Two grid cells with no border between them are one merged cell: merged across columns, its
 * text stands in the first column and the others are empty; merged down, its text stands in every
 * row it spans (as the .docx and HTML adapters do). Each run of text goes to the cell holding its
 * middle; a cell's runs are read top to bottom, left to right. Tables without borders are not found
 * here; their lines are read as lines.
 *
 * Coordinates are the page's, as pdfjs reports text positions (y grows upwards); the caller carries
 * the drawn boxes through the page's transformations first.
 */

/** A run of text with its box: x, y of its baseline start, right edge, height. */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  right: number;
  height: number;
}

/** A table row rebuilt from the borders: its cells and the y of its top border. */
export interface RuledRow {
  cells: string[];
  top: number;
}

interface Segment {
  at: number;
  from: number;
  to: number;
}

const THIN = 3;
const NEAR = 2;

/** Clusters sorted numbers closer than NEAR into their first value. */
function cluster(xs: number[]): number[] {
  const out: number[] = [];
  for (const x of [...xs].sort((a, b) => a - b)) if (!out.length || x - out[out.length - 1] > NEAR) out.push(x);
  return out;
}

function covers(segs: Segment[], at: number, point: number): boolean {
  return segs.some((s) => Math.abs(s.at - at) <= NEAR && s.from - NEAR <= point && point <= s.to + NEAR);
}

/** Whether a border runs along the whole of [lo, hi]: a cell's side is drawn from its top to its bottom. */
function spans(segs: Segment[], at: number, lo: number, hi: number): boolean {
  return segs.some((s) => Math.abs(s.at - at) <= NEAR && s.from - NEAR <= lo && hi <= s.to + NEAR);
}

/**
 * Splits a page's text runs into ruled table rows and the runs outside any table.
 * `boxes` are the bounding boxes [x0, y0, x1, y1] of the page's drawn paths.
 */
export function ruledTables(runs: TextRun[], boxes: [number, number, number, number][]): { rows: RuledRow[]; rest: TextRun[] } {
  const h: Segment[] = [];
  const v: Segment[] = [];
  for (const [x0, y0, x1, y1] of boxes) {
    const w = Math.abs(x1 - x0);
    const t = Math.abs(y1 - y0);
    if (t <= THIN && w > 5) h.push({ at: (y0 + y1) / 2, from: Math.min(x0, x1), to: Math.max(x0, x1) });
    else if (w <= THIN && t > 5) v.push({ at: (x0 + x1) / 2, from: Math.min(y0, y1), to: Math.max(y0, y1) });
  }
  if (h.length < 2 || v.length < 3) return { rows: [], rest: runs };
  const xs = cluster(v.map((s) => s.at));
  if (xs.length < 3) return { rows: [], rest: runs };
  const ys = cluster(h.map((s) => s.at)).reverse(); // top first
  // cellId[j][i]: the merged cell grid cell (row j, column i) belongs to, or -1 outside any table.
  const id: number[][] = [];
  const parent: number[] = [];
  const find = (a: number): number => (parent[a] === a ? a : (parent[a] = find(parent[a])));
  // Closed left and right along its whole height: a cell of some table (or a stretch of a merged one).
  const sides = ys.slice(0, -1).map((top, j) => xs.slice(0, -1).map((x, i) => spans(v, x, ys[j + 1], top) && spans(v, xs[i + 1], ys[j + 1], top)));
  for (let j = 0; j < sides.length; j++) {
    id.push([]);
    for (let i = 0; i < sides[j].length; i++) {
      const xm = (xs[i] + xs[i + 1]) / 2;
      // …and closed above and below, by a border or by the cell it is merged with.
      const top = covers(h, ys[j], xm) || (j > 0 && sides[j - 1][i]);
      const bottom = covers(h, ys[j + 1], xm) || (j + 1 < sides.length && sides[j + 1][i]);
      id[j].push(sides[j][i] && top && bottom ? parent.push(parent.length) - 1 : -1);
    }
  }
  for (let j = 0; j < id.length; j++)
    for (let i = 0; i < id[j].length; i++) {
      if (id[j][i] < 0) continue;
      const xm = (xs[i] + xs[i + 1]) / 2;
      // No border below: merged with the cell underneath. No border to the right: merged with the next.
      if (j + 1 < id.length && id[j + 1][i] >= 0 && !covers(h, ys[j + 1], xm)) parent[find(id[j + 1][i])] = find(id[j][i]);
      const ym = (ys[j] + ys[j + 1]) / 2;
      if (i + 1 < id[j].length && id[j][i + 1] >= 0 && !covers(v, xs[i + 1], ym)) parent[find(id[j][i + 1])] = find(id[j][i]);
    }
  // A table has at least two columns somewhere; one column of boxes is a frame or a chart.
  if (!id.some((row) => row.filter((c) => c >= 0).length >= 2)) return { rows: [], rest: runs };
  const texts = new Map<number, TextRun[]>();
  const rest: TextRun[] = [];
  for (const r of runs) {
    const cx = (r.x + r.right) / 2;
    const cy = r.y + r.height / 3;
    const i = xs.findIndex((x, k) => k + 1 < xs.length && x <= cx && cx < xs[k + 1]);
    const j = ys.findIndex((y, k) => k + 1 < ys.length && ys[k + 1] <= cy && cy < y);
    const cell = i >= 0 && j >= 0 ? id[j][i] : -1;
    if (cell < 0) rest.push(r);
    else texts.set(find(cell), [...(texts.get(find(cell)) ?? []), r]);
  }
  // Rows a border does not part (a three-line table: rules above and below the header and at the
  // end only) are not one merged cell: when the first column holds several lines and each has text
  // beside it in another column at the same height, the grid is not the table's, and the lines are
  // read as lines, where column gaps part the cells.
  const baselines = (rs: TextRun[]): number[] => cluster(rs.map((r) => r.y));
  for (let j = 0; j < id.length; j++) {
    const cols = id[j].map((c) => (c >= 0 ? (texts.get(find(c)) ?? []).filter((r) => r.y <= ys[j] && r.y >= ys[j + 1]) : []));
    const first = cols.findIndex((rs) => rs.length > 0);
    if (first < 0) continue;
    const lines = baselines(cols[first]);
    const others = cols.filter((_, i) => i !== first).map(baselines);
    if (lines.length >= 2 && lines.every((y) => others.some((o) => o.some((z) => Math.abs(z - y) <= NEAR)))) return { rows: [], rest: runs };
  }
  const textOf = (root: number): string =>
    (texts.get(root) ?? [])
      .sort((a, b) => (Math.abs(a.y - b.y) > a.height / 2 ? b.y - a.y : a.x - b.x))
      .map((r) => r.text)
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
  const rows: RuledRow[] = [];
  for (let j = 0; j < id.length; j++) {
    if (id[j].filter((c) => c >= 0).length < 1) continue;
    const cells: string[] = [];
    id[j].forEach((c, i) => {
      if (c < 0) return;
      // A cell merged from the left is empty here; one merged from above repeats its text.
      const fromLeft = i > 0 && id[j][i - 1] >= 0 && find(id[j][i - 1]) === find(c);
      cells.push(fromLeft ? '' : textOf(find(c)));
    });
    if (cells.some((c) => c !== '')) rows.push({ cells, top: ys[j] });
  }
  return { rows, rest };
}
