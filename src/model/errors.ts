/**
 * One table of error kinds: a stable code, an HTTP status and a message in zh-CN and English
 * (pouchdb-errors does the same with REV_CONFLICT → 409). The store, the CLI, the importer and the
 * add-in all raise these, so a user sees the same words for the same problem everywhere.
 * A new PlanbookError is made for every raise; a shared instance is never mutated.
 */
import type { Bilingual } from './i18n';

export const ERROR_KINDS = {
  BAD_REQUEST: { status: 400, zh: '请求有误', en: 'Bad request' },
  BAD_JSON: { status: 400, zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  VALIDATION: { status: 422, zh: '数据未通过校验', en: 'The data did not pass validation' },
  UNAUTHENTICATED: { status: 401, zh: '未登录或令牌无效，请检查令牌', en: 'Not signed in or the token is invalid; check the token' },
  FORBIDDEN: { status: 403, zh: '无权进行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '未找到', en: 'Not found' },
  CONFLICT: { status: 409, zh: '与他人的修改冲突', en: 'Conflicts with someone else’s change' },
  REV_MISMATCH: { status: 412, zh: '数据已被他人更新，请先拉取最新版本', en: 'The data changed since you read it; pull the latest revision first' },
  TOO_LARGE: { status: 413, zh: '内容过大', en: 'The content is too large' },
  UNSUPPORTED_MEDIA: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  TIMEOUT: { status: 408, zh: '请求发送超时', en: 'The request took too long to arrive' },
  HEADERS_TOO_LARGE: { status: 431, zh: '请求头过大', en: 'The request headers are too large' },
  PRECONDITION_REQUIRED: { status: 428, zh: '写入必须带上版本号（If-Match 或 baseRev）', en: 'Writes must name the revision they are based on (If-Match or baseRev)' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again shortly' },
  WORKFLOW: { status: 409, zh: '当前状态下不能进行此操作', en: 'Not allowed in the current workflow state' },
  CHECK_FAILED: { status: 422, zh: '审核未通过：请修正错误并为警告填写说明', en: 'Checks failed: fix the errors and explain the warnings' },
  BAD_DOCUMENT: { status: 422, zh: '无法读取该文档', en: 'The document could not be read' },
  BAD_WORKBOOK: { status: 422, zh: '无法读取该工作簿', en: 'The workbook could not be read' },
  STORAGE: { status: 503, zh: '存储写入失败，数据未保存，原有数据未受影响', en: 'Storage failed; nothing was saved and earlier data is intact' },
  UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'Service unavailable' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const;

export type ErrorCode = keyof typeof ERROR_KINDS;

export class PlanbookError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly zh: string;
  readonly en: string;
  readonly details?: unknown;

  /** `detail`, when given, replaces the generic message with a specific one (what is wrong, what to do). */
  constructor(code: ErrorCode, detail?: Bilingual, details?: unknown) {
    const kind = ERROR_KINDS[code];
    const zh = detail ? detail.zh : kind.zh;
    const en = detail ? detail.en : kind.en;
    super(`${zh} / ${en}`);
    this.name = 'PlanbookError';
    this.code = code;
    this.status = kind.status;
    this.zh = zh;
    this.en = en;
    this.details = details;
  }

  toJSON(): { error: { code: ErrorCode; status: number; zh: string; en: string; details?: unknown } } {
    const body: { code: ErrorCode; status: number; zh: string; en: string; details?: unknown } = {
      code: this.code,
      status: this.status,
      zh: this.zh,
      en: this.en,
    };
    if (this.details !== undefined) body.details = this.details;
    return { error: body };
  }
}

export function isPlanbookError(e: unknown): e is PlanbookError {
  return e instanceof PlanbookError;
}
