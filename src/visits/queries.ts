import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { VisitVisibility } from '../http/policies.js';
import { referenceNames } from '../projects/queries.js';
import { campaignProgress } from './progress.js';
import { dbOf, type DbSource } from '../db/source.js';
import { dateText } from '../db/date-text.js';

export type VisitFilter = {
  campaignId?: number | undefined;
  visitorUserId?: number | undefined;
  area?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  ids?: number[] | undefined;
};

const VISIT_COLUMNS = [
  'id',
  'campaign_id',
  'visitor_user_id',
  'visitor_kind',
  'visitor_label',
  'visitee_kind',
  'visitee_label',
  'visited_at',
  'area_code',
  'address',
  'lat',
  'lon',
  'notes',
  'created_at',
] as const;

export async function listVisits(
  db: Kysely<DB>,
  j: string,
  v: VisitVisibility,
  f: VisitFilter,
  page: { limit: number; offset: number },
) {
  let q = db.selectFrom('visits').where('jurisdiction_id', '=', j);
  if (v.kind === 'none') q = q.where(sql<boolean>`false`);
  if (v.kind === 'visitor') q = q.where('visitor_user_id', '=', v.userId);
  if (f.ids) q = f.ids.length ? q.where('id', 'in', f.ids) : q.where(sql<boolean>`false`);
  if (f.campaignId !== undefined) q = q.where('campaign_id', '=', f.campaignId);
  if (f.visitorUserId !== undefined) q = q.where('visitor_user_id', '=', f.visitorUserId);
  if (f.area) {
    const a = f.area;
    q = q.where((eb) => eb.or([eb('area_code', '=', a), eb('area_code', 'like', `${a}-%`)]));
  }
  if (f.from) q = q.where('visited_at', '>=', f.from);
  if (f.to) q = q.where('visited_at', '<', f.to);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select([...VISIT_COLUMNS])
    .orderBy('visited_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const needs = await needsOf(
    db,
    j,
    rows.map((r) => r.id),
  );
  return { total: Number(total.n), rows: rows.map((r) => ({ ...r, needs: needs.get(r.id) ?? [] })) };
}

async function needsOf(db: Kysely<DB>, j: string, visitIds: number[]) {
  const out = new Map<
    number,
    {
      id: number;
      ticket_no: string;
      status: string;
      title: string;
      body: string;
      department_code: string | null;
    }[]
  >();
  if (visitIds.length === 0) return out;
  const rows = await db
    .selectFrom('requests')
    .select(['id', 'visit_id', 'ticket_no', 'status', 'title', 'body', 'department_code'])
    .where('jurisdiction_id', '=', j)
    .where('visit_id', 'in', visitIds)
    .orderBy('id')
    .execute();
  for (const { visit_id, ...r } of rows) out.set(visit_id!, [...(out.get(visit_id!) ?? []), r]);
  return out;
}

export type VisitRow = Awaited<ReturnType<typeof listVisits>>['rows'][number];

function campaigns(db: Kysely<DB>, j: string) {
  return db
    .selectFrom('campaigns')
    .select(['id', 'kind', 'name', 'description', dateText('starts_on'), dateText('ends_on'), 'created_at'])
    .where('jurisdiction_id', '=', j);
}

export function loadCampaign(source: DbSource, j: string, id: number) {
  return campaigns(dbOf(source), j).where('id', '=', id).executeTakeFirst();
}

export type CampaignRow = NonNullable<Awaited<ReturnType<typeof loadCampaign>>>;

export function listCampaigns(source: DbSource, j: string) {
  return campaigns(dbOf(source), j).orderBy('id', 'desc').execute();
}

/** A page of the visits the actor sees, with the area names to present them. */
export async function visitsPage(
  source: DbSource,
  j: string,
  v: VisitVisibility,
  f: VisitFilter,
  page: { limit: number; offset: number },
) {
  const db = dbOf(source);
  const [{ rows, total }, names] = await Promise.all([listVisits(db, j, v, f, page), referenceNames(db, j)]);
  return { rows, total, names };
}

/** One visit the actor sees, with the area names to present it; undefined when it is not visible. */
export async function findVisit(source: DbSource, j: string, id: number, v: VisitVisibility) {
  const { rows, names } = await visitsPage(source, j, v, { ids: [id] }, { limit: 1, offset: 0 });
  return rows[0] && { visit: rows[0], names };
}

/** A campaign with its progress; undefined when there is no such campaign. */
export async function findCampaignProgress(source: DbSource, j: string, id: number) {
  const campaign = await loadCampaign(source, j, id);
  return campaign && { campaign, progress: await loadCampaignProgress(dbOf(source), j, id) };
}

/** A campaign's figures: its targets and visits (with the needs each raised), names attached. */
export async function loadCampaignProgress(db: Kysely<DB>, j: string, campaignId: number) {
  const [targets, visits, users, areas] = await Promise.all([
    db
      .selectFrom('campaign_targets')
      .select(['seq', 'visitor_user_id', 'area_code', 'planned_visits'])
      .where('jurisdiction_id', '=', j)
      .where('campaign_id', '=', campaignId)
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('visits')
      .leftJoin('requests', (join) =>
        join
          .onRef('requests.jurisdiction_id', '=', 'visits.jurisdiction_id')
          .onRef('requests.visit_id', '=', 'visits.id'),
      )
      .select([
        'visits.id',
        'visits.visitor_user_id',
        'visits.area_code',
        (eb) => eb.fn.count<number>('requests.id').as('needs'),
      ])
      .where('visits.jurisdiction_id', '=', j)
      .where('visits.campaign_id', '=', campaignId)
      .groupBy(['visits.id', 'visits.visitor_user_id', 'visits.area_code'])
      .execute(),
    db.selectFrom('users').select(['id', 'display_name']).where('jurisdiction_id', '=', j).execute(),
    db.selectFrom('areas').select(['code', 'name']).where('jurisdiction_id', '=', j).execute(),
  ]);
  const progress = campaignProgress(
    targets,
    visits.map((v) => ({
      visitor_user_id: v.visitor_user_id,
      area_code: v.area_code,
      needs: Number(v.needs),
    })),
  );
  const userName = new Map(users.map((u) => [u.id, u.display_name]));
  const areaName = new Map(areas.map((a) => [a.code, a.name]));
  const visitor = (id: number | null) =>
    id === null ? null : { user_id: id, name: userName.get(id) ?? String(id) };
  const area = (code: string | null) => (code === null ? null : { code, name: areaName.get(code) ?? code });
  return {
    totals: progress.totals,
    targets: progress.targets.map(({ visitor_user_id, area_code, ...t }) => ({
      ...t,
      visitor: visitor(visitor_user_id),
      area: area(area_code),
    })),
    by_visitor: progress.by_visitor.map(({ visitor_user_id, ...x }) => ({
      visitor: visitor(visitor_user_id)!,
      ...x,
    })),
    by_area: progress.by_area.map(({ area_code, ...x }) => ({ area: area(area_code)!, ...x })),
  };
}
