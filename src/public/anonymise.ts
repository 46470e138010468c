/**
 * What the public may see of a request: no reporter, no coordinates (the public map's pins have places of their
 * own, on a grid of about 100 m: ./grid.ts), the place coarsened to its street (街道/镇), phone and ID-card numbers typed into the text masked, and a status collapsed to the phase a resident cares
 * about (internal bouncing between departments stays inside).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { maskPublicText } from '../privacy/public-text.js';
import { localDate } from '../requests/deadlines.js';

export const PUBLIC_PHASES = ['received', 'handling', 'replied', 'closed'] as const;
export type PublicPhase = (typeof PUBLIC_PHASES)[number];

export function publicPhase(status: string): PublicPhase {
  switch (status) {
    case 'dispatched':
    case 'signed':
    case 'in_progress':
      return 'handling';
    case 'replied':
    case 'followed_up':
      return 'replied';
    case 'closed':
      return 'closed';
    default:
      return 'received';
  }
}

/** Statuses of each public phase, for filtering. */
export const PHASE_STATUSES: Record<PublicPhase, string[]> = {
  received: ['registered', 'returned'],
  handling: ['dispatched', 'signed', 'in_progress'],
  replied: ['replied', 'followed_up'],
  closed: ['closed'],
};

type Named = { code: string; name: string };
export type PublicReference = {
  timezone: string;
  /** area code → its street (or the district itself when the area is the district). */
  streetOf: Map<string, Named>;
  categories: Map<string, { name: string; level1: Named | null }>;
};

const TTL_MS = 30_000;
const cache = new Map<string, { at: number; value: Promise<PublicReference> }>();

export function publicReference(db: Kysely<DB>, jurisdictionId: string, now = Date.now()) {
  const hit = cache.get(jurisdictionId);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const value = loadReference(db, jurisdictionId);
  cache.set(jurisdictionId, { at: now, value });
  value.catch(() => cache.delete(jurisdictionId));
  return value;
}

async function loadReference(db: Kysely<DB>, j: string): Promise<PublicReference> {
  /** A jurisdiction's areas or categories, each with its parent. */
  const tree = (table: 'areas' | 'categories') =>
    db
      .selectFrom(table)
      .select(['code', 'name', 'level', 'parent_code'])
      .where('jurisdiction_id', '=', j)
      .execute();
  const [jur, areas, categories] = await Promise.all([
    db.selectFrom('jurisdictions').select('timezone').where('jurisdiction_id', '=', j).executeTakeFirst(),
    tree('areas'),
    tree('categories'),
  ]);
  const areaBy = new Map(areas.map((a) => [a.code, a]));
  const streetOf = new Map<string, Named>();
  for (const a of areas) {
    let x: (typeof areas)[number] | undefined = a;
    while (x && x.level !== 'street' && x.level !== 'district')
      x = x.parent_code ? areaBy.get(x.parent_code) : undefined;
    if (x) streetOf.set(a.code, { code: x.code, name: x.name });
  }
  const catBy = new Map(categories.map((c) => [c.code, c]));
  const cats = new Map<string, { name: string; level1: Named | null }>();
  for (const c of categories) {
    let top: (typeof categories)[number] | undefined = c;
    while (top && top.level !== 1) top = top.parent_code ? catBy.get(top.parent_code) : undefined;
    cats.set(c.code, { name: c.name, level1: top ? { code: top.code, name: top.name } : null });
  }
  return { timezone: jur?.timezone ?? 'Asia/Shanghai', streetOf, categories: cats };
}

/** The columns of `requests` that `presentPublic` reads, with the reporter's name to mask wherever it was typed. */
export const PUBLIC_COLUMNS = [
  'ticket_no',
  'status',
  'type',
  'title',
  'body',
  'area_code',
  'category_code',
  'created_at',
  'replied_at',
  'closed_at',
  'reporter_name_enc',
] as const;

export type PublicRow = {
  ticket_no: string;
  status: string;
  type: string;
  title: string;
  body: string;
  area_code: string | null;
  category_code: string | null;
  created_at: Date;
  replied_at: Date | null;
  closed_at: Date | null;
};

/** A request as the public sees it; `names` (the reporter's) are masked wherever they were typed. */
export function presentPublic(r: PublicRow, ref: PublicReference, names: readonly string[] = []) {
  const street = r.area_code ? (ref.streetOf.get(r.area_code) ?? null) : null;
  const code = r.category_code;
  const category = code ? (ref.categories.get(code) ?? null) : null;
  return {
    ticket_no: r.ticket_no,
    status: publicPhase(r.status),
    type: r.type,
    title: maskPublicText(r.title, names),
    body: maskPublicText(r.body, names),
    area: street,
    category: code && category ? { code, name: category.name, level1: category.level1 } : null,
    created_date: localDate(r.created_at, ref.timezone),
    replied_date: r.replied_at ? localDate(r.replied_at, ref.timezone) : null,
    closed_date: r.closed_at ? localDate(r.closed_at, ref.timezone) : null,
  };
}
