/**
 * 分拣 Triage: what happens to a registration after it has committed, off the request path. The request is
 * classified (its suggested categories and department, stored with it) and its text indexed for the duplicate
 * lookup; then, when the classifier was sure enough (BANSHI_AUTO_DISPATCH_THRESHOLD) and
 * knows where the category goes, and the request is not probably a repeat of an earlier open one, the system
 * dispatches it (智能派单); the event records the model and its confidence. Otherwise it waits in the dispatchers'
 * queue with its suggestions and duplicate candidates shown.
 *
 * Requests are claimed under a lease (../requests/write/mark-triaged.ts), so two processes (or a recovery racing
 * the queue) never triage a request at the same time, and a killed process's requests are triaged again once its
 * lease has run out.
 */
import type { AppContext } from '../context.js';
import type { RequestRow } from '../db/schema.js';
import { systemActor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { performAction } from '../requests/commands/perform-action.js';
import { claimForTriage, markTriaged } from '../requests/write/mark-triaged.js';
import { findDuplicates, indexRequests } from '../requests/duplicate-index.js';
import { referenceCache } from '../routing/reference-cache.js';
import { suggest, type Suggestions } from '../text/suggest.js';

/** A candidate this similar (see text/duplicates.ts) holds the request back from auto-dispatch. */
export const STRONG_DUPLICATE = 0.5;

/** Requests of a batch looked up and dispatched at the same time (each holds a connection while it does). */
const PARALLEL = 8;
/**
 * Requests classified, claimed and indexed between two yields to intake: on PGlite each step holds the thread,
 * and a chunk (a few hundred microseconds of classification and 32 band rows per request) takes ~15 ms.
 */
const CHUNK = 16;

export type TriageOutcome = { claimed: number; autoDispatched: number; heldAsRepeat: number };

/** Triages requests of one jurisdiction; returns what it did. Rows another triage holds are skipped. */
export async function triageRequests(
  ctx: AppContext,
  jurisdictionId: string,
  rows: readonly RequestRow[],
  /** Awaited between chunks and before each duplicate check: the queue's way to let registrations go first. */
  between: () => Promise<void> = async () => undefined,
): Promise<TriageOutcome> {
  if (rows.length === 0) return { claimed: 0, autoDispatched: 0, heldAsRepeat: 0 };
  const claimed = await claimForTriage(ctx.db, {
    only: { jurisdictionId, ids: rows.map((r) => r.id) },
    limit: rows.length,
    ...lease(ctx),
  });
  return triageClaimed(ctx, jurisdictionId, claimed, between);
}

/**
 * A worker's step: claims the oldest untriaged requests nobody holds, `limit` at most, and triages them. A
 * jurisdiction's batch that fails is logged and left to its lease, after which it is taken again.
 */
export async function triageNext(ctx: AppContext, limit: number): Promise<TriageOutcome> {
  const claimed = await claimForTriage(ctx.db, { limit, ...lease(ctx) });
  const outcome: TriageOutcome = { claimed: 0, autoDispatched: 0, heldAsRepeat: 0 };
  const byJurisdiction = new Map<string, RequestRow[]>();
  for (const row of claimed) {
    const list = byJurisdiction.get(row.jurisdiction_id);
    if (list) list.push(row);
    else byJurisdiction.set(row.jurisdiction_id, [row]);
  }
  for (const [j, rows] of byJurisdiction) {
    try {
      const o = await triageClaimed(ctx, j, rows);
      outcome.claimed += o.claimed;
      outcome.autoDispatched += o.autoDispatched;
      outcome.heldAsRepeat += o.heldAsRepeat;
    } catch (err) {
      ctx.log.error(`triage of ${rows.length} requests failed: ${(err as Error).message}`);
    }
  }
  return outcome;
}

const lease = (ctx: AppContext) => {
  const now = ctx.now();
  return { now, leaseUntil: new Date(now.getTime() + ctx.config.triageLeaseMs) };
};

/**
 * Classifies and indexes requests this triage holds, dispatches those the model is sure of and that repeat no
 * earlier open request, then marks them triaged.
 */
async function triageClaimed(
  ctx: AppContext,
  jurisdictionId: string,
  rows: readonly RequestRow[],
  between: () => Promise<void> = async () => undefined,
): Promise<TriageOutcome> {
  const outcome: TriageOutcome = { claimed: rows.length, autoDispatched: 0, heldAsRepeat: 0 };
  if (rows.length === 0) return outcome;
  const now = ctx.now();
  const ref = await referenceCache(ctx.db).get(jurisdictionId);
  const claimed: RequestRow[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    if (i > 0) await between();
    const chunk = rows.slice(i, i + CHUNK).map((row) => ({
      ...row,
      suggestions:
        (row.suggestions as Suggestions | null) ??
        suggest(ref, { title: row.title_norm, body: row.body_norm, areaCode: row.area_code }),
    }));
    await indexRequests(ctx.db, chunk);
    claimed.push(...chunk);
  }
  // Each request's lookup and dispatch is its own work; on a server they run side by side.
  await inParallel(
    claimed.filter((row) => autoDispatchable(ctx, row)),
    PARALLEL,
    async (row) => {
      await between();
      const candidates = await findDuplicates(ctx.db, {
        jurisdictionId,
        text: { title: row.title_norm, body: row.body_norm },
        normalised: true,
        lat: row.lat,
        lon: row.lon,
        areaCode: row.area_code,
        excludeId: row.id,
        now,
      });
      // A repeat of an earlier open request waits for a dispatcher, who may merge it rather than send the same
      // pothole out twice. (Only earlier ones: of two reports in one batch, the first still goes out.)
      if (candidates.some((c) => c.id < row.id && c.score >= STRONG_DUPLICATE)) outcome.heldAsRepeat++;
      else if (await autoDispatch(ctx, row)) outcome.autoDispatched++;
    },
  );
  await markTriaged(
    ctx.db,
    jurisdictionId,
    claimed.map((row) => ({ id: row.id, s: row.suggestions })),
    now,
  );
  return outcome;
}

function autoDispatchable(ctx: AppContext, row: RequestRow): boolean {
  const s = row.suggestions as Suggestions | null;
  if (!s?.categories[0] || !s.department_code) return false;
  if (departmentConfidence(s) <= ctx.config.autoDispatchThreshold) return false;
  // The caller chose the category, or a community ordered it: a person decided where it goes.
  return row.status === 'registered' && !row.category_code && !row.requester_department_code;
}

/** The routing's confidence in the department; suggestions stored before it was computed had the 一级 label's. */
const departmentConfidence = (s: Suggestions) => s.department_confidence ?? s.categories[0]!.confidence;

async function autoDispatch(ctx: AppContext, row: RequestRow): Promise<boolean> {
  const s = row.suggestions as Suggestions;
  const category = s.category_code === undefined ? s.categories[0]!.code : s.category_code;
  try {
    await performAction(ctx, {
      actor: systemActor(row.jurisdiction_id, `智能派单 auto-dispatch (${s.model})`),
      requestId: row.id,
      action: 'auto-dispatch',
      input: {
        department_code: s.department_code,
        ...(category ? { category_code: category } : {}),
        confidence: departmentConfidence(s),
        model: s.model,
      },
    });
    return true;
  } catch (err) {
    // A person acted first (answered it, dispatched it, merged it): theirs is the decision that stands.
    if (err instanceof AppError && err.code === 'illegal_transition') return false;
    ctx.log.warn(`auto-dispatch of ${row.ticket_no} failed: ${(err as Error).message}`);
    return false;
  }
}

/**
 * Requests registered but not triaged (a crash between commit and triage) that no triage holds, oldest first, at
 * most `cap`.
 */
export async function untriaged(
  ctx: AppContext,
  opts: { cap: number; olderThan?: Date },
): Promise<RequestRow[]> {
  let q = ctx.db
    .selectFrom('requests')
    .selectAll()
    .where('triaged_at', 'is', null)
    .where((eb) => eb.or([eb('triage_lease_until', 'is', null), eb('triage_lease_until', '<=', ctx.now())]));
  if (opts.olderThan) q = q.where('created_at', '<', opts.olderThan);
  return q.orderBy('jurisdiction_id').orderBy('id').limit(opts.cap).execute();
}

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** How many requests wait for triage, all jurisdictions together (/healthz). */
export async function untriagedCount(ctx: AppContext): Promise<number> {
  const r = await ctx.db
    .selectFrom('requests')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('triaged_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
