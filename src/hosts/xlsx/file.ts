/**
 * Loading and saving .xlsx files, with a clear word for each way a file can be wrong: too big, not a
 * workbook at all, an old .xls, a password-protected workbook, or a damaged one. The checks that
 * need no parsing (size, the first bytes) run first, so a 50 MB or encrypted file is refused at once.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { PlanbookError } from '../../model/errors';
import { normaliseXmlBooleans } from './xml-booleans';
import { checkOutputFree, writeOutputFile, type OutputOptions } from '../node/output-file';

/** Default size limit. A unit's form is tens of kilobytes and a 10,000-row form about 1 MB; beyond this something is wrong. */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export function maxBytesFromEnv(env: Record<string, string | undefined>): number {
  const mb = Number(env.PLANBOOK_MAX_XLSX_MB);
  return Number.isFinite(mb) && mb > 0 ? mb * 1024 * 1024 : DEFAULT_MAX_BYTES;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(buf: Buffer, sig: number[]): boolean {
  return sig.every((b, i) => buf[i] === b);
}

function bad(zh: string, en: string, file: string): PlanbookError {
  const name = basename(file);
  return new PlanbookError('BAD_WORKBOOK', { zh: `${name}：${zh}`, en: `${name}: ${en}` });
}

export type FileKind = 'xlsx' | 'ods' | 'encrypted' | 'xls' | 'other';

/**
 * What the first bytes say. An encrypted .xlsx is not a zip but an OLE compound file holding an
 * "EncryptedPackage" stream; an .xls is a compound file without one.
 */
export function sniff(head: Buffer): FileKind {
  // OpenDocument (.ods, LibreOffice's own format) is a zip whose first entry, stored uncompressed,
  // is "mimetype" naming the format; ExcelJS would call it damaged.
  if (startsWith(head, ZIP)) return head.subarray(30, 140).includes('application/vnd.oasis.opendocument') ? 'ods' : 'xlsx';
  if (startsWith(head, CFB)) return head.includes(Buffer.from('EncryptedPackage', 'utf16le')) ? 'encrypted' : 'xls';
  return 'other';
}

async function readChecked(file: string, maxBytes: number): Promise<Buffer> {
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw bad('不是文件', 'not a file', file);
    size = st.size;
  } catch (e) {
    if (e instanceof PlanbookError) throw e;
    throw bad('文件不存在或无法读取', 'the file does not exist or cannot be read', file);
  }
  if (size > maxBytes) {
    const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
    throw bad(
      `文件过大（${mb(size)} MB，上限 ${mb(maxBytes)} MB），不像是一份填报表；请检查是否选错了文件`,
      `the file is too large (${mb(size)} MB, limit ${mb(maxBytes)} MB) for a form; check that it is the right file`,
      file,
    );
  }
  if (size === 0) throw bad('文件是空的', 'the file is empty', file);
  // The directory of a compound file may sit anywhere; read the whole file (it is under the limit) once.
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(size);
    await fh.read(buf, 0, size, 0);
    return buf;
  } finally {
    await fh.close();
  }
}

export async function loadWorkbookBuffer(buf: Buffer, file: string): Promise<ExcelJS.Workbook> {
  switch (sniff(buf)) {
    case 'encrypted':
      throw bad('工作簿设有打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码后另存为 .xlsx', 'the workbook is password-protected (encrypted); remove the password in Excel/WPS and save it as .xlsx', file);
    case 'xls':
      throw bad('这是旧版 .xls 文件，请在 Excel/WPS 中另存为 .xlsx 后再试', 'this is an old .xls file; save it as .xlsx in Excel/WPS and try again', file);
    case 'ods':
      throw bad(
        '这是 OpenDocument 表格（.ods，LibreOffice/WPS 的格式），planbook 只读 .xlsx：请用“文件 › 另存为”另存为 Excel 工作簿 (.xlsx) 后重试',
        'this is an OpenDocument spreadsheet (.ods, LibreOffice/WPS format) and planbook reads .xlsx only: use File › Save As to save it as an Excel workbook (.xlsx) and try again',
        file,
      );
    case 'other':
      throw bad(
        '不是 .xlsx 工作簿（可能是文本、CSV 或其他格式）；请在 Excel/WPS 中打开，用“文件 › 另存为”存成 Excel 工作簿 (.xlsx) 后重试',
        'not an .xlsx workbook (perhaps text, CSV or another format); open it in Excel/WPS and use File › Save As to save it as an Excel workbook (.xlsx), then try again',
        file,
      );
    case 'xlsx':
      break;
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load((await normaliseXmlBooleans(buf)) as unknown as ArrayBuffer);
  } catch {
    throw bad('工作簿已损坏，无法打开；请从原始文件重新获取', 'the workbook is damaged and cannot be opened; get it again from the original', file);
  }
  if (wb.worksheets.length === 0) {
    throw bad('文件中没有工作表，可能不是 Excel 工作簿（如 .docx）或已损坏', 'the file has no sheets: it may not be an Excel workbook (e.g. a .docx) or is damaged', file);
  }
  return wb;
}

export async function loadWorkbook(file: string, maxBytes = DEFAULT_MAX_BYTES): Promise<ExcelJS.Workbook> {
  return loadWorkbookBuffer(await readChecked(file, maxBytes), file);
}

/**
 * Saves a workbook under the CLI's one rule for output files (src/hosts/node/output-file.ts): an existing
 * file is kept unless `opts.force`; the write is atomic; a refusal is one bilingual sentence naming `file`.
 */
export async function saveWorkbook(wb: ExcelJS.Workbook, file: string, opts: OutputOptions = {}): Promise<void> {
  if (!opts.force) await checkOutputFree(file, opts); // refuse before the work of serialising
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  await saveBuffer(buf, file, opts);
}

/** Saves bytes as `saveWorkbook` does. */
export async function saveBuffer(buf: Buffer, file: string, opts: OutputOptions = {}): Promise<void> {
  await writeOutputFile(file, buf, opts);
}
