/**
 * Row heights for wrapped text, estimated without a font renderer. A saved .xlsx keeps the height
 * each row was given: Excel and WPS never refit rows on open, and LibreOffice keeps a custom height,
 * so the file host must write heights that fit the text itself (inside Excel the add-in asks Excel
 * to autofit instead).
 *
 * The estimate works in pixels at 96 dpi. A column of width w (Excel's unit: the maximum digit
 * width of the default font, 7 px for Calibri 11) is about 7w + 5 px wide, less the cell's margins.
 * A CJK character is one em wide (11 pt → 14.7 px, about two width units), Latin letters and digits
 * about half an em (about one unit). Text wraps greedily: a CJK character may end a line anywhere,
 * a run of Latin letters or digits only as a whole, and closing punctuation (，。、）”) never starts
 * a line, so it takes the character before it along, as Excel and LibreOffice do. The result leans
 * a little tall: a blank strip under a text reads better than a clipped last line.
 */

/** Pixels of a column width unit (Calibri 11, ExcelJS's and Excel's default font). */
const PX_PER_UNIT = 7;
/** Pixels Excel adds to every column beside the width units. */
const COLUMN_PX_EXTRA = 5;
/** Left and right cell margins together, and a little slack for glyphs wider than the estimate. */
const CELL_MARGIN_PX = 10;
/** One line of text, per point of font size: SimSun shows about 1.3, LibreOffice's CJK fallbacks about 1.45. */
const LINE_HEIGHT_PER_PT = 1.4;
/** Points above and below the lines. */
const ROW_PADDING_PT = 5;
/** Excel's default column width when a column sets none. */
export const DEFAULT_COLUMN_WIDTH = 8.43;

/** Whether a code point is drawn one em wide (CJK ideographs, kana, hangul, full-width forms and punctuation). */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    // General punctuation (“” ‘’ — …) and symbols such as × ÷ are full-width in Chinese fonts.
    (cp >= 0x2010 && cp <= 0x206f) ||
    cp === 0xd7 ||
    cp === 0xf7 ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    cp >= 0x20000
  );
}

/** Punctuation that may not start a line (避头点): it goes with the character before it. */
const NO_LINE_START = new Set('，。、；：？！）》」』】〕”’…—%,.;:?!)]}'.split(''));

/** The pixel width available for text in a cell spanning columns of these widths (Excel units). */
export function textWidthPx(columnWidths: readonly number[]): number {
  const px = columnWidths.reduce((s, w) => s + Math.round(w * PX_PER_UNIT + COLUMN_PX_EXTRA), 0);
  return Math.max(1, px - CELL_MARGIN_PX);
}

/**
 * How many lines `text` takes in a cell `widthPx` wide at `fontPt` points, wrapped; explicit line
 * breaks always count. Linear in the text's length.
 */
export function wrappedLines(text: string, widthPx: number, fontPt: number): number {
  const em = (fontPt * 96) / 72;
  const half = em / 2;
  let lines = 0;
  for (const para of text.split(/\r\n|\r|\n/)) {
    lines++;
    let x = 0;
    /** Width of the token just placed, for punctuation that must drag it to the next line. */
    let last = 0;
    let word = 0;
    const place = (w: number, glue: boolean): void => {
      if (x + w <= widthPx || x === 0) {
        x += w;
        last = w;
        return;
      }
      lines++;
      // Closing punctuation takes the character before it to the new line.
      x = glue && last + w <= widthPx ? last + w : w;
      last = w;
    };
    const flushWord = (): void => {
      if (word === 0) return;
      if (word <= widthPx) place(word, false);
      else {
        // A run longer than the line breaks anywhere: fill this line, then whole lines.
        let rest = word;
        if (x > 0) {
          rest -= widthPx - x;
          lines++;
        }
        lines += Math.floor(rest / widthPx);
        x = rest % widthPx;
        last = x;
      }
      word = 0;
    };
    for (const ch of para) {
      const cp = ch.codePointAt(0)!;
      if (ch === ' ' || ch === '\t') {
        flushWord();
        if (x > 0) place(half, false);
      } else if (isWide(cp)) {
        flushWord();
        place(em, NO_LINE_START.has(ch));
      } else if (NO_LINE_START.has(ch) && word === 0) {
        place(half, true);
      } else {
        word += half;
      }
    }
    flushWord();
  }
  return lines;
}

/** Points a row needs to show `lines` lines of `fontPt` text. */
export function heightForLines(lines: number, fontPt: number): number {
  return Math.ceil((lines * fontPt * LINE_HEIGHT_PER_PT + ROW_PADDING_PT) * 4) / 4;
}
