/**
 * Office.js errors turned into planbook's bilingual errors, so the pane never shows
 * "RichApi.Error: ItemNotFound" to a statistician.
 */
import { PlanbookError } from '../../model/errors';

export interface OfficeLikeError {
  code?: string;
  message?: string;
  debugInfo?: { code?: string; errorLocation?: string };
}

export function officeErrorCode(e: unknown): string | null {
  if (typeof e !== 'object' || e === null) return null;
  const o = e as OfficeLikeError;
  return o.code ?? o.debugInfo?.code ?? null;
}

export function isPayloadTooLarge(e: unknown): boolean {
  const c = officeErrorCode(e);
  return c === 'RequestPayloadSizeLimitExceeded' || c === 'PayloadTooLarge';
}

/** `sheets`: the sheets the failed request touched, so the message can name them. */
export function toPlanbookError(e: unknown, sheets: readonly string[]): PlanbookError {
  if (e instanceof PlanbookError) return e;
  const code = officeErrorCode(e);
  const names = [...new Set(sheets)].map((s) => `「${s}」`).join('、');
  const namesEn = [...new Set(sheets)].map((s) => `"${s}"`).join(', ');
  switch (code) {
    case 'ItemNotFound':
      return new PlanbookError('BAD_WORKBOOK', {
        zh: `找不到工作表${names}：它可能被重命名或删除了。请把它改回原名，或重新“拉取”生成表格；服务器和同步队列里的数据不受影响。`,
        en: `Cannot find the sheet ${namesEn}: it may have been renamed or deleted. Rename it back, or Pull again to recreate it; the data on the server and in the sync queue is safe.`,
      });
    case 'AccessDenied':
    case 'InvalidOperationInCellEditMode':
      return new PlanbookError('BAD_WORKBOOK', {
        zh: 'Excel 暂时不允许修改工作簿：请先退出单元格编辑（按 Enter 或 Esc），或取消工作表保护后重试。',
        en: 'Excel is not accepting changes right now: leave cell editing (press Enter or Esc) or unprotect the sheet, then try again.',
      });
    case 'RequestPayloadSizeLimitExceeded':
    case 'PayloadTooLarge':
      return new PlanbookError('TOO_LARGE', {
        zh: '表格太大，Excel 一次无法处理：请缩小所选报表范围后重试。',
        en: 'The form is too large for Excel to handle in one request: choose a smaller form and try again.',
      });
    default: {
      const text = typeof e === 'object' && e !== null && 'message' in e ? String((e as { message: unknown }).message) : String(e);
      return new PlanbookError('BAD_WORKBOOK', {
        zh: `Excel 报告了一个错误（${code ?? '未知'}）：${text}。请重试；若仍失败，请重新打开工作簿。`,
        en: `Excel reported an error (${code ?? 'unknown'}): ${text}. Try again; if it keeps failing, reopen the workbook.`,
      });
    }
  }
}
