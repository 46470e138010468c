/**
 * The entries of a public Atom feed: the newest public updates (a request received, dispatched, signed, answered,
 * reopened, closed: the public ticket page's updates) of the published requests in an area's tree or a
 * category's, each as the public sees it (masked text, the place only to the street, no reporter).
 */
import type { AppContext } from '../context.js';
import { presentPublic, PUBLIC_COLUMNS, publicReference } from '../public/anonymise.js';
import { publishedRequests } from '../public/published.js';
import { reporterNames, UPDATE_OF, type PublicUpdate } from '../public/ticket.js';
import { maskPublicText } from '../privacy/public-text.js';
import { inAreaTree } from '../routing/areas.js';

export const FEED_SIZE = 50;

export type FeedScope = { area?: string | undefined; category?: string | undefined };

/** The name of the jurisdiction, or of the area or category a feed is of; undefined when there is none such. */
export async function scopeName(
  ctx: AppContext,
  j: string,
  table: 'jurisdictions' | 'areas' | 'categories',
  code: string,
) {
  const q = ctx.db.selectFrom(table).select('name').where('jurisdiction_id', '=', j);
  const row = await (table === 'jurisdictions' ? q : q.where('code', '=', code)).executeTakeFirst();
  return row?.name;
}

export type FeedItem = ReturnType<typeof presentPublic> & {
  kind: PublicUpdate;
  seq: number;
  at: Date;
  /** The department dispatched to, or the answer's masked text. */
  detail: string | null;
};

export async function feedItems(ctx: AppContext, j: string, scope: FeedScope): Promise<FeedItem[]> {
  let requests = publishedRequests(ctx.db, j);
  if (scope.area) requests = requests.where(inAreaTree('area_code', scope.area));
  if (scope.category)
    requests = requests.where('category_code', 'like', `${scope.category.replace(/[%_\\]/g, '')}%`);
  const published = requests.select('id');
  const [ref, events, departments] = await Promise.all([
    publicReference(ctx.db, j),
    ctx.db
      .selectFrom('request_events as e')
      .innerJoin('requests as r', (join) =>
        join.onRef('r.jurisdiction_id', '=', 'e.jurisdiction_id').onRef('r.id', '=', 'e.request_id'),
      )
      .where('e.jurisdiction_id', '=', j)
      .where('e.type', 'in', Object.keys(UPDATE_OF))
      .where('e.request_id', 'in', published)
      .select([
        'e.type as event_type',
        'e.payload',
        'e.at',
        'e.seq',
        ...PUBLIC_COLUMNS.map((c) => `r.${c}` as const),
      ])
      .orderBy('e.at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(FEED_SIZE)
      .execute(),
    ctx.db.selectFrom('departments').select(['code', 'name']).where('jurisdiction_id', '=', j).execute(),
  ]);
  const departmentName = new Map(departments.map((d) => [d.code, d.name]));
  return events.map((e) => {
    const names = reporterNames(ctx, e.reporter_name_enc);
    const kind = UPDATE_OF[e.event_type]!;
    const payload = (e.payload ?? {}) as { text?: string | null; department_code?: string };
    const detail =
      kind === 'dispatched' && payload.department_code
        ? (departmentName.get(payload.department_code) ?? null)
        : kind === 'answered' && payload.text
          ? maskPublicText(payload.text, names)
          : null;
    return { ...presentPublic(e, ref, names), kind, seq: e.seq, at: new Date(e.at), detail };
  });
}
