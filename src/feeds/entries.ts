/** A feed's items as Atom entries: what happened in the title, the request's (masked) text and the update's detail. */
import type { AtomEntry } from './atom.js';
import type { FeedItem } from './queries.js';
import type { PublicUpdate } from '../public/ticket.js';

const KIND_TEXT: Record<PublicUpdate, string> = {
  received: '新诉求',
  dispatched: '已派单',
  signed: '已签收',
  answered: '已答复',
  reopened: '重新办理',
  closed: '已办结',
};

export function entriesOf(items: readonly FeedItem[], base: string): AtomEntry[] {
  return items.map((i) => {
    const detail =
      i.detail === null ? [] : [i.kind === 'dispatched' ? `承办单位：${i.detail}` : `答复：${i.detail}`];
    const where = [i.area?.name, i.category?.name].filter(Boolean).join(' · ');
    return {
      id: `${base}/public/requests/${i.ticket_no}#${i.seq}`,
      title: `[${KIND_TEXT[i.kind]}] ${i.title || i.body.slice(0, 40)}`,
      updated: i.at,
      url: `${base}/public/requests/${i.ticket_no}`,
      summary: [...detail, i.body, where ? `（${where}）` : ''].filter(Boolean).join('\n'),
      categories: [i.category?.name, i.area?.name].filter((c): c is string => !!c),
    };
  });
}
