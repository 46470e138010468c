/** An error: its HTTP status, and its message in Chinese and in English. */
const error = (status: number, zh: string, en: string) => ({ status, zh, en });

/** One list of stable error codes, their HTTP status and their messages in Chinese and English. */
export const ERRORS = {
  validation_failed: error(400, '请求参数不合法', 'The request is not valid'),
  malformed_json: error(400, '请求体不是合法的 JSON', 'The request body is not valid JSON'),
  invalid_utf8: error(400, '请求体不是合法的 UTF-8 文本', 'The request body is not valid UTF-8'),
  invalid_characters: error(
    400,
    '文本含有无法保存的字符（空字符或不成对的代理项）',
    'The text contains characters that cannot be stored (NUL or an unpaired surrogate)',
  ),
  text_too_long: error(400, '文本超过长度上限', 'The text is longer than allowed'),
  invalid_phone: error(400, '电话号码格式不正确', 'The phone number is not valid'),
  outside_jurisdiction: error(422, '坐标不在本辖区内', 'The coordinates are outside the jurisdiction'),
  unknown_reference: error(422, '引用的编码不存在', 'A referenced code does not exist'),
  unauthenticated: error(401, '请先登录', 'Please log in'),
  invalid_credentials: error(401, '用户名或密码错误', 'Wrong username or password'),
  invalid_code: error(401, '验证码错误或已过期', 'The code is wrong or has expired'),
  account_locked: error(
    429,
    '密码错误次数过多，账号暂时锁定，请稍后再试',
    'Too many wrong passwords: the account is locked for a while; try again later',
  ),
  code_locked: error(
    429,
    '验证码错误次数过多，已失效，请重新获取验证码',
    'Too many wrong codes: this code no longer works; ask for a new one',
  ),
  forbidden: error(403, '无权执行此操作', 'You may not do this'),
  not_found: error(404, '未找到', 'Not found'),
  unsupported_media_type: error(415, '不支持的内容类型', 'Unsupported content type'),
  payload_too_large: error(413, '请求体过大', 'The request body is too large'),
  illegal_transition: error(409, '当前状态下不允许此操作', 'This action is not allowed in the current state'),
  version_conflict: error(
    409,
    '工单已被他人修改，请刷新后重试',
    'The request was changed by someone else; reload and retry',
  ),
  idempotency_conflict: error(
    409,
    '幂等键已用于不同的请求',
    'The Idempotency-Key was already used for a different request',
  ),
  invalid_file: error(400, '文件无法作为台账读取', 'The file cannot be read as a ledger'),
  username_taken: error(
    409,
    '该用户名已被使用，请换一个用户名。',
    'This username is already taken; choose another.',
  ),
  idempotency_in_progress: error(
    409,
    '使用该幂等键的请求仍在处理中，请稍后重试',
    'A request with this Idempotency-Key is still being processed; retry later',
  ),
  conflict: error(409, '与现有数据冲突', 'Conflicts with existing data'),
  too_many_files: error(
    409,
    '文件数量已达上限，请先删除不需要的文件',
    'The file limit is reached; remove a file first',
  ),
  chase_too_soon: error(
    429,
    '一小时内已催办过这件诉求，请稍后再催办',
    'This request was chased up by you less than an hour ago; chase it again later',
  ),
  invalid_scheme: error(
    422,
    '考核办法不合法：各项权重须为非负数且合计为 1，扣分不得为负，并列规则不得重复',
    'The scheme is not valid: weights must be non-negative and sum to 1, deductions non-negative, tie-breaks not repeated',
  ),
  month_closed: error(
    409,
    '该月考核已结束并冻结，考核办法只能从未结束的月份起生效',
    'That month is closed and frozen; a scheme can only take effect from a month not yet closed',
  ),
  pdf_unavailable: error(
    503,
    '服务器未安装用于生成 PDF 的 Chromium（BANSHI_CHROMIUM），请下载 xlsx 版本',
    'The server has no Chromium to make PDFs (BANSHI_CHROMIUM); download the xlsx instead',
  ),
  parking_full: error(
    409,
    '该时段共享车位已约满，请选择其他时段或停车场',
    'No shared space is left for that time: choose another time or car park',
  ),
  booking_overlap: error(
    409,
    '该时段您（或该车牌）已有预约',
    'You (or this plate) already hold a booking overlapping that time',
  ),
  booking_refused: error(422, '不符合预约规则', 'The booking breaks a rule of the window'),
  dispute_window_closed: error(
    409,
    '已超过差评复核的申请期限（回访后若干个工作日内）',
    'The time to dispute this rating has passed (a few working days after the follow-up)',
  ),
  link_invalid: error(404, '链接无效', 'This link is not valid'),
  link_expired: error(
    410,
    '链接已过期，如需评价请拨打 12345',
    'This link has expired; call 12345 to rate the answer',
  ),
  followup_done: error(
    409,
    '该工单已完成回访评价（或已办结），不能再次评价',
    'This request has already been rated (or closed); it cannot be rated again',
  ),
  template_invalid: error(422, '消息模板不符合要求', 'The message template is not acceptable'),
  channel_not_configured: error(
    422,
    '服务器未配置该发送渠道（密钥或 SMTP 地址）',
    'The server has no configuration (keys, SMTP address) for this channel',
  ),
  already_supported: error(
    409,
    '您已附议过这件诉求，每人每件只能附议一次',
    'You have already added your voice to this request (once per person)',
  ),
  own_request: error(
    409,
    '这是您自己反映的诉求，无需附议',
    'This is your own request: there is no need to add your voice',
  ),
  check_in_code_expired: error(
    410,
    '签到二维码已过期，请重新扫描活动现场正在显示的二维码',
    'This check-in code has expired; scan the code shown at the session now',
  ),
  check_in_code_invalid: error(
    422,
    '签到二维码无效，请扫描活动现场显示的二维码',
    'This check-in code is not valid; scan the code shown at the session',
  ),
  session_not_running: error(
    409,
    '现在不在本场活动的签到时间内（开始前 30 分钟至结束后 2 小时）',
    'The session is not open for check-in now (from 30 minutes before it starts to 2 hours after it ends)',
  ),
  session_cancelled: error(409, '本场活动已取消', 'This session has been cancelled'),
  already_checked_in: error(
    409,
    '您已签到过本场活动，无需重复签到',
    'You have already checked in to this session',
  ),
  session_full: error(409, '本场活动名额已满', 'This session is full'),
  feedback_token_invalid: error(
    422,
    '评价凭证无效，请在签到后的页面评价',
    'This feedback token is not valid; rate the session from the page shown after check-in',
  ),
  feedback_done: error(409, '您已评价过本场活动', 'You have already rated this session'),
  invalid_email: error(400, '邮箱地址格式不正确', 'The e-mail address is not valid'),
  subscription_scope: error(
    400,
    '请选择一个区域，或一个位置及半径（100–5000 米）',
    'Choose an area, or a place and a radius (100–5000 m)',
  ),
  sms_needs_resident: error(
    403,
    '短信提醒只能订阅到本人已验证的手机，请用邮箱订阅',
    'SMS alerts go only to your own verified phone; subscribe by e-mail instead',
  ),
  subscription_link_expired: error(410, '链接已过期，请重新订阅', 'This link has expired; subscribe again'),
  subscription_link_used: error(
    410,
    '此链接已经用过（订阅已确认或已退订）',
    'This link has already been used (the subscription is confirmed or cancelled)',
  ),
  rate_limited: error(429, '请求过于频繁，请稍后再试', 'Too many requests; try again later'),
  internal_error: error(500, '服务器内部错误', 'Internal server error'),
};

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
