import { i18n } from '../i18n';

/** An outbox topic's name (`request.replied` → 诉求答复); a topic without one shows as it is. */
export function deliveryTopicText(topic: string): string {
  const key = `delivery.topicName.${topic.replace(/^request\./, '')}`;
  return i18n.global.te(key) ? i18n.global.t(key) : topic;
}
