/**
 * planbook's findings share a cell's note with whatever the user wrote there. planbook's part is one
 * block between two marker lines, so a later check can replace or remove exactly that block and the
 * user's own words stay as they were. Every host (ExcelJS, Office.js, in memory) merges through
 * this one function, so the add-in and `check --annotate` leave the same notes behind.
 */

/** The first and last line of planbook's block in a note; chosen to read naturally in both languages. */
export const MARK_BEGIN = '—— planbook 审核 / check ——';
export const MARK_END = '—— planbook ——';

/** A note's text without planbook's block: the user's own words, or '' when there are none. */
export function userPart(note: string | null | undefined): string {
  if (!note) return '';
  const text = note.replace(/\r\n?/g, '\n');
  const begin = text.indexOf(MARK_BEGIN);
  if (begin < 0) return text.trim() === '' ? '' : text;
  const endAt = text.indexOf(MARK_END, begin + MARK_BEGIN.length);
  const after = endAt < 0 ? '' : text.slice(endAt + MARK_END.length);
  return (text.slice(0, begin) + after).replace(/^\n+|\n+$/g, '');
}

/**
 * The note a cell should have: the user's part of `existing`, then planbook's `mark` (null: no mark).
 * Returns null when nothing is left, so the host deletes the note rather than keep an empty one.
 * E.g. mergeNote('请核对', '【错误】…') → '请核对\n—— planbook 审核 / check ——\n【错误】…\n—— planbook ——'.
 */
export function mergeNote(existing: string | null | undefined, mark: string | null): string | null {
  const user = userPart(existing);
  if (mark === null || mark === '') return user === '' ? null : user;
  const block = `${MARK_BEGIN}\n${mark}\n${MARK_END}`;
  return user === '' ? block : `${user}\n${block}`;
}
