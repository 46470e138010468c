/**
 * Evidence files of a project milestone: added and removed under the project's lock by whoever may report the
 * project's progress, each change in the project's change log; read by staff who read the ledger.
 */
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Db } from '../../db/source.js';
import { actorUserId, type Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayReadProjects, mayReportProjectProgress } from '../../http/policies.js';
import { inLockedProject } from '../commands/common.js';
import { loadProject } from '../queries.js';
import { appendUpdate } from '../store.js';
import { MAX_FILES_PER_MILESTONE, type EvidenceType } from './files.js';

const COLUMNS = [
  'id',
  'milestone_seq',
  'content_type',
  'size_bytes',
  'uploaded_by_label',
  'created_at',
] as const;

type Where = { j: string; projectId: number; seq: number };

async function milestoneTitle(db: Db, w: Where): Promise<string> {
  const m = await db
    .selectFrom('project_milestones')
    .select('title')
    .where('jurisdiction_id', '=', w.j)
    .where('project_id', '=', w.projectId)
    .where('seq', '=', w.seq)
    .executeTakeFirst();
  if (!m) throw new AppError('not_found', { seq: w.seq });
  return m.title;
}

/** The milestone's files, oldest first. */
async function filesOf(db: Db, w: Where) {
  return db
    .selectFrom('project_milestone_files')
    .select(COLUMNS)
    .where('jurisdiction_id', '=', w.j)
    .where('project_id', '=', w.projectId)
    .where('milestone_seq', '=', w.seq)
    .orderBy('id')
    .execute();
}

/** Where a reader looks: not_found unless the actor reads the ledger and the milestone exists. */
async function readable(ctx: AppContext, actor: Actor, projectId: number, seq: number): Promise<Where> {
  if (!mayReadProjects(actor)) throw new AppError('not_found');
  const w = { j: actor.jurisdictionId, projectId, seq };
  if (!(await loadProject(ctx.db, w.j, projectId))) throw new AppError('not_found');
  await milestoneTitle(ctx.db, w);
  return w;
}

/** A change to a milestone's files: under its project's lock, by whoever may report the project's progress. */
function changeFiles<T>(
  ctx: AppContext,
  actor: Actor,
  w: Where,
  change: (tx: Transaction<DB>, milestoneTitle: string) => Promise<T>,
): Promise<T> {
  return inLockedProject(ctx, { actor, id: w.projectId }, mayReportProjectProgress, async (tx) =>
    change(tx, await milestoneTitle(tx, w)),
  );
}

/** Adds a file to a milestone (at most MAX_FILES_PER_MILESTONE), recording who added which file. */
export async function addEvidence(
  ctx: AppContext,
  opts: { actor: Actor; projectId: number; seq: number; contentType: EvidenceType; data: Buffer },
) {
  const { actor } = opts;
  const w = { j: actor.jurisdictionId, projectId: opts.projectId, seq: opts.seq };
  const now = ctx.now();
  return changeFiles(ctx, actor, w, async (tx, title) => {
    const existing = await filesOf(tx, w);
    if (existing.length >= MAX_FILES_PER_MILESTONE)
      throw new AppError('too_many_files', { limit: MAX_FILES_PER_MILESTONE });
    const created = await tx
      .insertInto('project_milestone_files')
      .values({
        jurisdiction_id: w.j,
        project_id: w.projectId,
        milestone_seq: w.seq,
        content_type: opts.contentType,
        size_bytes: opts.data.length,
        data: opts.data,
        uploaded_by_user_id: actorUserId(actor),
        uploaded_by_label: actor.label,
        created_at: now,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    await appendUpdate(tx, w.j, w.projectId, actor, now, {
      type: 'evidence-add',
      payload: {
        seq: w.seq,
        title,
        file_id: Number(created.id),
        content_type: created.content_type,
        size_bytes: created.size_bytes,
      },
    });
    return created;
  });
}

/** Removes a file from a milestone, recording who removed which file. */
export async function removeEvidence(
  ctx: AppContext,
  opts: { actor: Actor; projectId: number; seq: number; fileId: number },
): Promise<void> {
  const { actor } = opts;
  const w = { j: actor.jurisdictionId, projectId: opts.projectId, seq: opts.seq };
  const now = ctx.now();
  await changeFiles(ctx, actor, w, async (tx, title) => {
    const removed = await tx
      .deleteFrom('project_milestone_files')
      .where('jurisdiction_id', '=', w.j)
      .where('project_id', '=', w.projectId)
      .where('milestone_seq', '=', w.seq)
      .where('id', '=', opts.fileId)
      .returning(['id', 'content_type', 'size_bytes'])
      .executeTakeFirst();
    if (!removed) throw new AppError('not_found', { file_id: opts.fileId });
    await appendUpdate(tx, w.j, w.projectId, actor, now, {
      type: 'evidence-remove',
      payload: {
        seq: w.seq,
        title,
        file_id: Number(removed.id),
        content_type: removed.content_type,
        size_bytes: removed.size_bytes,
      },
    });
  });
}

/** The files of a milestone, for staff who read the ledger. */
export async function listEvidence(ctx: AppContext, actor: Actor, projectId: number, seq: number) {
  return filesOf(ctx.db, await readable(ctx, actor, projectId, seq));
}

/** One file with its bytes, for staff who read the ledger. */
export async function loadEvidence(
  ctx: AppContext,
  actor: Actor,
  projectId: number,
  seq: number,
  id: number,
) {
  const w = await readable(ctx, actor, projectId, seq);
  const f = await ctx.db
    .selectFrom('project_milestone_files')
    .select(['id', 'content_type', 'data'])
    .where('jurisdiction_id', '=', w.j)
    .where('project_id', '=', w.projectId)
    .where('milestone_seq', '=', w.seq)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!f) throw new AppError('not_found', { file_id: id });
  return f;
}
