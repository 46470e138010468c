/** One list of stable error codes, their HTTP status and their messages in Chinese and English. */
export const ERRORS = {
  validation_failed: { status: 400, zh: '请求参数不合法', en: 'The request is not valid' },
  malformed_json: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  invalid_utf8: { status: 400, zh: '请求体不是合法的 UTF-8 文本', en: 'The request body is not valid UTF-8' },
  invalid_characters: {
    status: 400,
    zh: '文本含有无法保存的字符（空字符或不成对的代理项）',
    en: 'The text contains characters that cannot be stored (NUL or an unpaired surrogate)',
  },
  text_too_long: { status: 400, zh: '文本超过长度上限', en: 'The text is longer than allowed' },
  outside_jurisdiction: {
    status: 422,
    zh: '坐标不在本辖区内',
    en: 'The coordinates are outside the jurisdiction',
  },
  unknown_reference: { status: 422, zh: '引用的编码不存在', en: 'A referenced code does not exist' },
  unauthenticated: { status: 401, zh: '请先登录', en: 'Please log in' },
  invalid_credentials: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  invalid_code: { status: 401, zh: '验证码错误或已过期', en: 'The code is wrong or has expired' },
  account_locked: {
    status: 429,
    zh: '密码错误次数过多，账号暂时锁定，请稍后再试',
    en: 'Too many wrong passwords: the account is locked for a while; try again later',
  },
  code_locked: {
    status: 429,
    zh: '验证码错误次数过多，已失效，请重新获取验证码',
    en: 'Too many wrong codes: this code no longer works; ask for a new one',
  },
  forbidden: { status: 403, zh: '无权执行此操作', en: 'You may not do this' },
  not_found: { status: 404, zh: '未找到', en: 'Not found' },
  unsupported_media_type: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  payload_too_large: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  illegal_transition: {
    status: 409,
    zh: '当前状态下不允许此操作',
    en: 'This action is not allowed in the current state',
  },
  version_conflict: {
    status: 409,
    zh: '工单已被他人修改，请刷新后重试',
    en: 'The request was changed by someone else; reload and retry',
  },
  idempotency_conflict: {
    status: 409,
    zh: '幂等键已用于不同的请求',
    en: 'The Idempotency-Key was already used for a different request',
  },
  idempotency_in_progress: {
    status: 409,
    zh: '使用该幂等键的请求仍在处理中，请稍后重试',
    en: 'A request with this Idempotency-Key is still being processed; retry later',
  },
  conflict: { status: 409, zh: '与现有数据冲突', en: 'Conflicts with existing data' },
  rate_limited: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  internal_error: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: { zh?: string; en?: string },
  ) {
    super(message?.en ?? ERRORS[code].en);
    this.status = ERRORS[code].status;
    this.messageZh = message?.zh ?? ERRORS[code].zh;
    this.messageEn = message?.en ?? ERRORS[code].en;
  }
  readonly messageZh: string;
  readonly messageEn: string;
}

export function errorBody(code: ErrorCode, details?: unknown, message?: { zh?: string; en?: string }) {
  return {
    error: {
      code,
      message: message?.zh ?? ERRORS[code].zh,
      message_en: message?.en ?? ERRORS[code].en,
      ...(details === undefined ? {} : { details }),
    },
  };
}

export const notFound = () => new AppError('not_found');
