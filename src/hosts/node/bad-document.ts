/** The one way a format adapter refuses a file: a BAD_DOCUMENT error naming the file, in both languages. */
import { PlanbookError } from '../../model/errors';
import { msg } from '../../model/i18n';

export function bad(file: string, zh: string, en: string): PlanbookError {
  return new PlanbookError('BAD_DOCUMENT', msg(`${file}：${zh}`, `${file}: ${en}`));
}

/** The refusal of a damaged file of a named format (Word, Excel, PDF …). */
export function damaged(file: string, zhFormat: string, enFormat: string): PlanbookError {
  return bad(file, `不是可读取的${zhFormat}，文件可能已损坏；请用原程序另存后再导入`, `not a readable ${enFormat}; the file may be damaged — save it again from the program that made it`);
}
