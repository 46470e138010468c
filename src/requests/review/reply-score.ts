/**
 * The automatic check of a reply before a person reviews it (回复审核), pure: each check that fails takes points
 * off 100 and names itself, so the reviewer sees why a reply scored low. Calibrated on the 2,776 TipDM
 * message/reply pairs (bench/reply-check.ts).
 */
import { contentTokens } from '../../text/features.js';
import { normalise } from '../../text/normalise.js';
import type { Check } from './checks.js';
import { meaningful, templateOnly } from './templates.js';

/** The points each failed check takes off. */
export const PENALTY: Record<Check, number> = {
  too_short: 60,
  off_topic: 30,
  promise_without_date: 15,
  boilerplate: 30,
  personal_data: 40,
  tone: 25,
};

export const MIN_CHARS = 15;
/** Below this share of the request's first content words in the reply (none of them), it is off topic. */
export const MIN_COVERAGE = 0.05;
/** The request's content words compared: the first ones (its title and opening say what it is about). */
const MAX_REQUEST_TERMS = 12;
/** Where those words are looked for: the opening of the request, which is enough to find them. */
const REQUEST_CHARS = 400;

/** Words every reply or message carries, which say nothing about what it is about. */
const GENERIC = new Set(
  (
    '您好 你好 网友 感谢 谢谢 支持 关心 关注 信任 理解 反映 问题 情况 有关 相关 我们 我局 我们单位 本单位 收悉 ' +
    '留言 来信 答复 回复 如下 现将 已经 进行 工作 处理 调查 核实 部门 单位 市民 群众 您 的 了 是 在 和 及 对 ' +
    '关于 根据 按照 已 将 并 请 为 中 与 等 一 个 这 那 该 其 此 如 若 因 从 向 由 于 以 就 也 都 还 又 再'
  ).split(' '),
);

/** Stock phrases of a reply's greeting and closing. */
const STOCK = new RegExp(
  [
    '您好|你好|网友[：:]?|尊敬的[^，,：:！!]{0,6}',
    '“?UU\\d+”?',
    '(首先)?(衷心|非常)?感谢您?(对我们工作)?的?(信任|支持|关心|关注|理解|监督)([、和与及](支持|理解|信任|关心|监督))*',
    '谢谢',
    '(您|你)?(的|所)?(反映|留言|来信|来电|来邮|诉求|邮件)(的(问题|情况))?(已|我们已)?(收悉|收到)',
    '(关于|对于)?(您|你)(反映|提出)的(问题|情况|意见和建议)',
    '已转(交)?(至)?(有关|相关)?部门[^。！!]{0,20}',
    '(如有相关情况|有关情况)将?及时反馈',
    '敬请关注后续回复',
    '我们(已|将)(高度重视|认真研究|及时处理|安排处理|尽快处理)',
    '现(将|把)?(有关)?(调查|处理)?(情况|结果)?(答复|回复)如下',
    '特此(答复|回复)',
    '祝您?(生活愉快|工作顺利|身体健康|事事顺心)',
    '如有疑问[^。]*',
    '欢迎[^。]*监督',
    '\\d{4}年\\d{1,2}月\\d{1,2}日',
  ].join('|'),
  'gu',
);

const PROMISE =
  /((?<!现)将|会|拟|准备|计划|尽快|近期|下一步|择期|抓紧|争取|后续)[^。；!?！？]{0,12}(处理|解决|整改|修复|安排|落实|协调|清理|维修|答复|开展|推进|完成)/u;
const WHEN =
  /(\d{1,4}\s*(年|月|天|周|个工作日|工作日|小时)|\d{1,2}\s*(日|号)(?![楼院栋幢室门单])|[一二三四五六七八九十两]+\s*(天|周|个月|个工作日|工作日|小时)|(年|月)(底|初|中旬|上旬|下旬)|本周|下周|本月|下月|今年|明年|年底|月底|节前|节后|(日|号|天)(前|内|之前)|截至|之前)/u;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/u;
const ID_CARD = /(?<![\dXx])\d{17}[\dXx](?![\dXx])/u;
/** Hotline numbers are the service, not personal data. */
const SERVICE_NUMBER = /(?<!\d)(12345|110|119|120|122|12315|12366|12333|96\d{3,4})(?!\d)/gu;
const DISMISSIVE =
  /(不归(我们|我局|本单位|我单位)管|不属于(我们|我局|本单位|我单位)(管理|职责|管辖)?(范围)?|与(我们|我局|本单位|我单位)无关|自行(解决|处理|协商)|无法(处理|解决)|不予(受理|处理|答复)|请勿(再|重复)|别再|无理|胡闹|爱找谁找谁|没办法)/u;

export type ReplyCheckInput = {
  reply: string;
  /** The request's title and body. */
  request: string;
  /** The templates offered for the request, filled in (a reply that is only one of them is boilerplate). */
  templates?: readonly string[];
};

export type ReplyScore = { score: number; failed: Check[]; coverage: number };

/** The request's content words, the first MAX_REQUEST_TERMS distinct ones. */
export function requestTerms(request: string): string[] {
  const seen = new Set<string>();
  for (const w of contentTokens(normalise(request.slice(0, REQUEST_CHARS)), GENERIC)) {
    if ([...w].length < 2) continue;
    seen.add(w);
    if (seen.size >= MAX_REQUEST_TERMS) break;
  }
  return [...seen];
}

/** The share of the request's content words that the reply uses (anywhere in it). */
export function coverage(terms: readonly string[], reply: string): number {
  if (terms.length === 0) return 1;
  let hits = 0;
  for (const t of terms) if (reply.includes(t)) hits++;
  return hits / terms.length;
}

export function scoreReply(input: ReplyCheckInput): ReplyScore {
  const reply = normalise(input.reply);
  const chars = meaningful(reply).length;
  const failed: Check[] = [];
  const cover = coverage(requestTerms(input.request), reply);
  if (chars < MIN_CHARS) failed.push('too_short');
  else if (cover < MIN_COVERAGE) failed.push('off_topic');
  if (PROMISE.test(reply) && !WHEN.test(reply)) failed.push('promise_without_date');
  const ownWords = meaningful(reply.replace(STOCK, '')).length;
  if (chars >= MIN_CHARS && (ownWords < MIN_CHARS || templateOnly(reply, input.templates ?? [])))
    failed.push('boilerplate');
  const numbers = reply.replace(SERVICE_NUMBER, '');
  if (MOBILE.test(numbers) || ID_CARD.test(numbers)) failed.push('personal_data');
  if (DISMISSIVE.test(reply)) failed.push('tone');
  const score = Math.max(0, 100 - failed.reduce((sum, c) => sum + PENALTY[c], 0));
  return { score, failed, coverage: Math.round(cover * 1000) / 1000 };
}
