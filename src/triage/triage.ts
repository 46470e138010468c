/**
 * 分拣 Triage: what happens to a registration after it has committed, off the request path. The request is
 * classified (its suggested categories and department, stored with it) and its text indexed for the duplicate
 * lookup; then, when the classifier was sure enough (BANSHI_AUTO_DISPATCH_THRESHOLD) and
 * knows where the category goes, and the request is not probably a repeat of an earlier open one, the system
 * dispatches it (智能派单); the event records the model and its confidence. Otherwise it waits in the dispatchers'
 * queue with its suggestions and duplicate candidates shown.
 *
 * A batch is claimed by setting triaged_at where it is still null, so two processes (or a recovery racing the
 * queue) never triage a request twice.
 */
import type { AppContext } from '../context.js';
import type { RequestRow } from '../db/schema.js';
import { systemActor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { performAction } from '../requests/commands/perform-action.js';
import { markTriaged } from '../requests/write/mark-triaged.js';
import { findDuplicates, indexRequests } from '../requests/duplicate-index.js';
import { referenceCache, type ReferenceSnapshot } from '../routing/reference-cache.js';
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

/** Triages requests of one jurisdiction; returns what it did. Rows another triage has claimed are skipped. */
export async function triageRequests(
  ctx: AppContext,
  jurisdictionId: string,
  rows: readonly RequestRow[],
  /** Awaited between chunks and before each duplicate check: the queue's way to let registrations go first. */
  between: () => Promise<void> = async () => undefined,
): Promise<TriageOutcome> {
  const outcome: TriageOutcome = { claimed: 0, autoDispatched: 0, heldAsRepeat: 0 };
  if (rows.length === 0) return outcome;
  const now = ctx.now();
  const ref = await referenceCache(ctx.db).get(jurisdictionId);
  const claimed: RequestRow[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    if (i > 0) await between();
    claimed.push(...(await claimChunk(ctx, ref, jurisdictionId, rows.slice(i, i + CHUNK), now)));
  }
  outcome.claimed = claimed.length;
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
  return outcome;
}

/** Classifies requests and claims those no other triage has, with their suggestions and text index. */
async function claimChunk(
  ctx: AppContext,
  ref: ReferenceSnapshot,
  jurisdictionId: string,
  rows: readonly RequestRow[],
  now: Date,
): Promise<RequestRow[]> {
  const suggestions = rows.map((row) => ({
    id: row.id,
    s:
      (row.suggestions as Suggestions | null) ??
      suggest(ref, { title: row.title_norm, body: row.body_norm, areaCode: row.area_code }),
  }));
  const suggestionOf = new Map(suggestions.map((x) => [x.id, x.s]));
  return ctx.db.transaction().execute(async (tx) => {
    const mine = await markTriaged(tx, jurisdictionId, suggestions, now);
    const claimedRows = rows
      .filter((r) => mine.has(r.id))
      .map((r) => ({ ...r, suggestions: suggestionOf.get(r.id)! }));
    await indexRequests(tx, claimedRows);
    return claimedRows;
  });
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

/** Requests registered but not triaged (a crash between commit and triage), oldest first, at most `cap`. */
export async function untriaged(
  ctx: AppContext,
  opts: { cap: number; olderThan?: Date },
): Promise<RequestRow[]> {
  let q = ctx.db.selectFrom('requests').selectAll().where('triaged_at', 'is', null);
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
