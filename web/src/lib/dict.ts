/** Words for the API's codes (statuses, roles, types, actions, events), in the current language. */
import type { RequestType } from '../api/models';
import { i18n, keyOf } from '../i18n';

const t = (k: string, fallback: string, args?: Record<string, unknown>) => {
  const g = i18n.global;
  return g.te(k) ? (args ? g.t(k, args) : g.t(k)) : fallback;
};

const TYPE_KEYS: Record<string, string> = {
  咨询: 'consult',
  求助: 'help',
  投诉: 'complain',
  举报: 'report',
  建议: 'suggest',
} satisfies Record<RequestType, string>;

/** The sections (web/src/i18n/sections/) that add words for statuses, actions and events, in the order asked. */
const WORD_SECTIONS = ['lifecycle', 'replyReview', 'ratingDispute', 'coHandling', 'meToo'];

/** A word of the shared messages, else of the sections that add such words. */
const word = (group: string, key: string) =>
  t(
    `${group}.${key}`,
    WORD_SECTIONS.reduceRight((fallback, s) => t(`${s}.${group}.${key}`, fallback), key),
  );

export const statusText = (s: string) => word('status', s);
export const publicStatusText = (s: string) => t(`publicStatus.${s}`, s);
export const roleText = (s: string) => t(`role.${s}`, s);
export const typeText = (s: string) => t(`reqType.${TYPE_KEYS[s] ?? s}`, s);
export const actionText = (s: string) => word('action', keyOf(s));
export const eventText = (s: string) => word('event', keyOf(s));
export const channelText = (s: string) => t(`channel.${s}`, s);
export const satisfactionText = (s: string | null | undefined) => (s ? t(`satisfaction.${s}`, s) : '');
export const metricText = (s: string) => t(`metric.${s}`, s);

/** Element Plus tag colours for statuses. */
export function statusTagType(s: string): 'primary' | 'success' | 'warning' | 'danger' | 'info' {
  switch (s) {
    case 'registered':
    case 'dispatched':
    case 'reviewing':
      return 'warning';
    case 'returned':
      return 'danger';
    case 'signed':
    case 'in_progress':
      return 'primary';
    case 'replied':
    case 'followed_up':
    case 'closed':
    case 'handling':
      return s === 'handling' ? 'primary' : 'success';
    default:
      return 'info';
  }
}
