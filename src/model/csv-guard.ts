/**
 * The formula guard of every CSV planbook writes, and its undoing when planbook reads one back.
 *
 * Writing: a text cell a spreadsheet would run as a formula — one starting with = + - @ tab or CR,
 * whatever follows, line breaks included — is prefixed with ' so Excel and LibreOffice show it as
 * text (OWASP "CSV injection"). A text that already starts with quotes before such a character
 * ("'=x") is prefixed too, so reading back can remove exactly one quote and give the text as it was:
 * the guard is reversible for every text.
 */

/** Text cells this matches are written with a leading '. Numbers are never guarded (-3.2 stays a number). */
export const FORMULA_START = /^'*[=+\-@\t\r]/;

/** A cell as read from a CSV planbook wrote: the guard's quote removed, anything else untouched. */
export function unguardCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
