import nodemailer from 'nodemailer';
import type { Channel } from './channel.js';

const SUBJECTS: Record<string, string> = {
  'request.registered': '诉求已受理',
  'request.replied': '诉求已答复',
  'request.closed': '诉求已办结',
  'request.linked_project': '诉求已纳入实事项目',
  'request.supporter_replied': '您附议的诉求已答复',
};

/**
 * E-mail over SMTP (nodemailer, pooled connections). The Message-ID is derived from the outbox message, so a
 * retry after a crash carries the same id and the receiving side can drop the duplicate.
 */
export function emailChannel(opts: { url: string; from: string; maxConnections?: number }): Channel {
  const transport = nodemailer.createTransport(opts.url, {
    pool: true,
    maxConnections: opts.maxConnections ?? 5,
    maxMessages: Infinity,
  } as never);
  return {
    async send(m) {
      const messageId = `<${m.key}@banshi>`;
      await transport.sendMail({
        from: opts.from,
        to: m.to,
        subject: m.subject ?? `12345 ${SUBJECTS[m.topic] ?? ''}`.trim(),
        text: m.text,
        messageId,
        ...(m.unsubscribeUrl ? { list: { unsubscribe: m.unsubscribeUrl } } : {}),
      });
      return { providerId: messageId };
    },
    async close() {
      transport.close();
    },
  };
}
