import type { Channel } from './channel.js';

/** Development's channel: the message in the server's log, the recipient masked. */
export function logChannel(log: { info(msg: string): void }, kind: 'sms' | 'email'): Channel {
  return {
    async send(m) {
      const to =
        kind === 'sms' ? `${m.to.slice(0, 3)}****${m.to.slice(-4)}` : m.to.replace(/^(.).*@/, '$1***@');
      log.info(`delivery (log) ${kind} to ${to} [${m.key}] ${m.text}`);
      return { providerId: null };
    },
    async close() {},
  };
}
