/**
 * How deeply a JSON text nests, measured on the text before it is parsed (issue 12, F3.4): a body of
 * 100,000 `[` is only 200 KB, well under the size limit, yet every recursive walk of the parsed value
 * (the text policy, the schema check, the legacy-name upgrade) would overflow the stack and answer
 * 500. One linear scan here bounds them all: no request value deeper than MAX_JSON_DEPTH reaches them.
 */

/**
 * Deepest nesting any body of the API has: a plan document is about 6 levels, a rule set's formulas
 * are text. 64 leaves room for every real body and is far below what a recursive walk can take.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * True when `text` opens more than `max` arrays/objects inside each other. Brackets inside strings
 * do not count (escapes are honoured). Linear in the text, no recursion, no allocation.
 */
export function nestsDeeperThan(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
