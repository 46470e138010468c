import type { Config } from '../../config.js';
import type { DeliverySettings } from '../settings.js';
import { aliyunChannel } from './aliyun.js';
import type { Channel } from './channel.js';
import { emailChannel } from './email.js';
import { logChannel } from './log.js';
import { tencentChannel } from './tencent.js';

export type ChannelName = Exclude<DeliverySettings['sms'] | DeliverySettings['email'], 'off'>;

/** A channel a jurisdiction chose but the server has no configuration (keys, SMTP URL) for. */
export class ChannelNotConfigured extends Error {}

/**
 * The channels of one worker, made on first use (an SMS provider's SDK is imported only then) and kept: the
 * e-mail channel's pooled SMTP connections, the providers' clients.
 */
export class Channels {
  private readonly made = new Map<string, Promise<Channel>>();

  constructor(
    private readonly config: Config['delivery'],
    private readonly log: { info(msg: string): void },
  ) {}

  get(name: ChannelName, kind: 'sms' | 'email'): Promise<Channel> {
    const key = name === 'log' ? `log-${kind}` : name;
    let channel = this.made.get(key);
    if (!channel) {
      channel = this.make(name, kind);
      this.made.set(key, channel);
      // A failed import or configuration is tried again next time.
      channel.catch(() => this.made.delete(key));
    }
    return channel;
  }

  /** The signature the provider prepends (it counts in the SMS length). */
  signName(name: ChannelName): string {
    if (name === 'aliyun') return this.config.aliyun?.signName ?? '';
    if (name === 'tencent') return this.config.tencent?.signName ?? '';
    return '';
  }

  private async make(name: ChannelName, kind: 'sms' | 'email'): Promise<Channel> {
    const c = this.config;
    switch (name) {
      case 'log':
        return logChannel(this.log, kind);
      case 'smtp':
        if (!c.smtp) throw new ChannelNotConfigured('smtp: BANSHI_SMTP_URL is not set');
        return emailChannel({ ...c.smtp, maxConnections: Math.min(8, c.concurrency) });
      case 'aliyun':
        if (!c.aliyun) throw new ChannelNotConfigured('aliyun: BANSHI_ALIYUN_SMS_* are not set');
        return aliyunChannel(c.aliyun);
      case 'tencent':
        if (!c.tencent) throw new ChannelNotConfigured('tencent: BANSHI_TENCENT_SMS_* are not set');
        return tencentChannel(c.tencent);
    }
  }

  async close(): Promise<void> {
    const all = [...this.made.values()];
    this.made.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => null))?.close()));
  }
}
