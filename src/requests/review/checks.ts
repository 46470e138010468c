/** The names of the automatic checks of a reply (./reply-score.ts) and of a reviewer's reasons to send one back. */

export const CHECKS = [
  /** Empty, or too short to answer anything. */
  'too_short',
  /** Shares (almost) none of the request's content words: does not address it. */
  'off_topic',
  /** Promises to act (将…处理, 尽快) without saying by when. */
  'promise_without_date',
  /** Stock phrases with (almost) nothing else, or a template with nothing added. */
  'boilerplate',
  /** A mobile or ID card number: personal data a reply must not carry (an office's landline may be given). */
  'personal_data',
  /** Dismissive words (不归我们管, 自行解决, 与我单位无关). */
  'tone',
] as const;
export type Check = (typeof CHECKS)[number];

/** Why a reviewer sends a reply back: what the checks name, or something else said in the note. */
export const SEND_BACK_REASONS = [...CHECKS, 'other'] as const;
export type SendBackReason = (typeof SEND_BACK_REASONS)[number];
