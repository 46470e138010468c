/**
 * The texts of an area alert's messages: the confirmation (e-mail) and the digest (e-mail, or a short SMS
 * pointing to the public page). Only what the public sees goes in them: the entries come from the public feed's
 * presentation (masked text, the place to the street), the scope is the subscriber's own. Chinese first, with
 * an English line. Pure.
 */
import type { Circle } from './scope.js';

export type ScopeNames = { area: string | null; circle: Circle | null; category: string | null };

/** The scope in words: 望亭镇果园社区 · 路灯; (31.4215, 120.4321) 周边 500 米. */
export function describeScope(s: ScopeNames): string {
  const where = s.circle
    ? `(${s.circle.lat.toFixed(4)}, ${s.circle.lon.toFixed(4)}) 周边 ${s.circle.radius_m} 米`
    : (s.area ?? '');
  return s.category ? `${where} · ${s.category}` : where;
}

export type Mail = { subject: string; text: string };

export function confirmationMail(o: {
  jurisdiction: string;
  scope: string;
  confirmUrl: string;
  unsubscribeUrl: string;
  days: number;
}): Mail {
  return {
    subject: `请确认订阅 ${o.jurisdiction} 12345 公开诉求提醒 Confirm your alert`,
    text: [
      '您好：',
      '',
      `有人（希望是您本人）用这个邮箱订阅了 ${o.jurisdiction} 12345 公开诉求提醒：${o.scope}。`,
      `请在 ${o.days} 天内打开下面的链接确认订阅：`,
      o.confirmUrl,
      '',
      '如果不是您本人操作，请忽略这封邮件：不确认就不会收到任何提醒。',
      '',
      `Someone (hopefully you) subscribed this address to 12345 alerts for ${o.scope}. Open the link above within ${o.days} days to confirm; if it was not you, ignore this e-mail.`,
      '',
      `退订 Unsubscribe: ${o.unsubscribeUrl}`,
    ].join('\n'),
  };
}

export type DigestEntry = { title: string; url: string };

export function digestMail(o: {
  jurisdiction: string;
  scope: string;
  since: string;
  entries: readonly DigestEntry[];
  more: number;
  publicUrl: string;
  unsubscribeUrl: string;
}): Mail {
  const count = o.entries.length + o.more;
  return {
    subject: `${o.jurisdiction} 12345 公开诉求提醒：${o.scope}（${count} 条）`,
    text: [
      `${o.scope} 自 ${o.since} 以来有 ${count} 条公开诉求动态：`,
      '',
      ...o.entries.flatMap((e, i) => [`${i + 1}. ${e.title}`, `   ${e.url}`]),
      ...(o.more > 0 ? ['', `另有 ${o.more} 条，请到 ${o.publicUrl} 查看。`] : []),
      '',
      '以上内容来自公开诉求，已隐去个人信息；每天至多一封。',
      `${count} public updates for ${o.scope} since ${o.since} (personal data removed; at most one e-mail a day).`,
      '',
      `退订 Unsubscribe: ${o.unsubscribeUrl}`,
    ].join('\n'),
  };
}

/** The digest by SMS: how many, where to read them, how to stop. Its placeholders for a provider's template. */
export function digestSms(o: { scope: string; count: number; link: string; unsubscribeUrl: string }) {
  const scope = [...o.scope].length > 16 ? `${[...o.scope].slice(0, 15).join('')}…` : o.scope;
  const params: [string, string][] = [
    ['scope', scope],
    ['count', String(o.count)],
    ['link', o.link],
    ['unsubscribe', o.unsubscribeUrl],
  ];
  return {
    text: `您订阅的${scope}有${o.count}条公开诉求新动态，详见${o.link} 退订${o.unsubscribeUrl}`,
    params,
  };
}

/** A time as the jurisdiction's clock shows it, to the minute: 2026-12-07 10:05. */
export function localMinute(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}
