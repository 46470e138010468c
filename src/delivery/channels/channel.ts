/** One interface for every way a resident is reached (the log, e-mail, each SMS provider). */
import type { AddressedTopic } from '../addressed.js';
import type { ResidentTopic } from '../templates.js';

export type OutgoingMessage = {
  /** Derived from the outbox message: the provider's idempotency key (Aliyun OutId, Tencent SessionContext, Message-ID). */
  key: string;
  /** A canonical mobile number, or an e-mail address. */
  to: string;
  topic: ResidentTopic | AddressedTopic;
  /** The rendered text (e-mail and the log send it as is; SMS providers fill their registered template). */
  text: string;
  /** The template's placeholders and their values, in the order they appear. */
  params: [string, string][];
  /** An e-mail's subject when its sender wrote one (else the topic's). */
  subject?: string;
  /** The link that stops such messages: an e-mail's List-Unsubscribe header. */
  unsubscribeUrl?: string;
};

export type SendResult = { providerId: string | null };

export type Channel = {
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): Promise<void>;
};

/** A provider's refusal that trying again cannot fix (an unknown template, a number it rejects). */
export class PermanentFailure extends Error {}
