/** Writing the ledger: projects with their milestones and change log, inside the caller's transaction. */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { actorRole, actorUserId, type Actor } from '../http/actor.js';
import { dbConflict } from '../http/db-errors.js';
import { particularsOf, type MilestoneInput, type ProjectInput } from './model.js';
import { effectiveProgress, progressFromMilestones } from './status.js';

type Tx = Transaction<DB>;

export type NewUpdate = {
  type: string;
  /** The project's progress after this change, when it is part of the progress history. */
  progress?: number | null;
  note?: string;
  payload?: Record<string, unknown>;
};

/** Appends to a project's change log (who, when, what; with the progress when it is a progress figure). */
export async function appendUpdate(
  tx: Tx,
  j: string,
  projectId: number,
  actor: Actor,
  at: Date,
  u: NewUpdate,
): Promise<void> {
  await tx
    .insertInto('project_updates')
    .values({
      jurisdiction_id: j,
      project_id: projectId,
      seq: sql<number>`(select coalesce(max(seq), 0) + 1 from project_updates
        where jurisdiction_id = ${j} and project_id = ${projectId})`,
      type: u.type,
      progress: u.progress ?? null,
      note: u.note ?? '',
      actor_user_id: actorUserId(actor),
      actor_role: actorRole(actor),
      actor_label: actor.label,
      payload: JSON.stringify(u.payload ?? {}),
      at,
    })
    .execute();
}

/** The progress to store: derived from weighted milestones, else the figure given. */
export function storedProgress(p: Pick<ProjectInput, 'progress' | 'milestones'>): number {
  return (
    progressFromMilestones(p.milestones) ??
    effectiveProgress({ ...p, start_date: null, due_date: '9999-12-31' })
  );
}

/**
 * Ledger numbers for new projects without one: YEAR-NNNN after the highest number of that year, under a lock
 * so that two writers cannot take the same numbers.
 */
export async function allocateCodes(
  tx: Tx,
  j: string,
  year: number,
  n: number,
  taken: Set<string>,
): Promise<string[]> {
  await sql`select pg_advisory_xact_lock(hashtext(${`banshi.projects.${j}.${year}`}))`.execute(tx);
  const rows = await tx
    .selectFrom('projects')
    .select('code')
    .where('jurisdiction_id', '=', j)
    .where('code', 'like', `${year}-%`)
    .execute();
  const pattern = new RegExp(`^${year}-(\\d+)$`);
  let max = 0;
  for (const c of [...rows.map((r) => r.code), ...taken]) {
    const m = pattern.exec(c);
    if (m) max = Math.max(max, Number(m[1]));
  }
  const out: string[] = [];
  while (out.length < n) {
    const code = `${year}-${String(++max).padStart(4, '0')}`;
    if (!taken.has(code)) out.push(code);
  }
  return out;
}

/** Inserts projects (codes assigned) with their milestones and a first change-log entry each. */
export async function insertProjects(
  tx: Tx,
  j: string,
  projects: (ProjectInput & { code: string })[],
  actor: Actor,
  now: Date,
  first: (p: ProjectInput, i: number) => NewUpdate,
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < projects.length; i += 250) {
    const chunk = projects.slice(i, i + 250);
    const rows = await tx
      .insertInto('projects')
      .values(
        chunk.map((p) => ({
          jurisdiction_id: j,
          code: p.code,
          ...particularsOf(p),
          co_department_codes: JSON.stringify(p.co_department_codes),
          area_codes: JSON.stringify(p.area_codes),
          progress: storedProgress(p),
          progress_note: p.progress_note,
          public: p.public,
          created_by_user_id: actorUserId(actor),
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute()
      // Two writers numbering one ledger: the second is a 409, not a 500.
      .catch((err: unknown) =>
        dbConflict(err, { conflict: { reason: 'a project with this code already exists' } }),
      );
    ids.push(...rows.map((r) => r.id));
  }
  const milestones = projects.flatMap((p, i) => milestoneRows(j, ids[i]!, p.milestones));
  for (let i = 0; i < milestones.length; i += 500)
    await tx
      .insertInto('project_milestones')
      .values(milestones.slice(i, i + 500))
      .execute();
  const updates = projects.map((p, i) => {
    const u = first(p, i);
    return {
      jurisdiction_id: j,
      project_id: ids[i]!,
      seq: 1,
      type: u.type,
      progress: u.progress === undefined ? storedProgress(p) : u.progress,
      note: u.note ?? '',
      actor_user_id: actorUserId(actor),
      actor_role: actorRole(actor),
      actor_label: actor.label,
      payload: JSON.stringify(u.payload ?? {}),
      at: now,
    };
  });
  for (let i = 0; i < updates.length; i += 500)
    await tx
      .insertInto('project_updates')
      .values(updates.slice(i, i + 500))
      .execute();
  return ids;
}

export function milestoneRows(j: string, projectId: number, milestones: MilestoneInput[]) {
  return milestones.map((m, k) => ({
    jurisdiction_id: j,
    project_id: projectId,
    seq: k + 1,
    title: m.title,
    due_date: m.due_date,
    done_date: m.done_date,
    evidence: m.evidence,
    weight: m.weight,
  }));
}

/** Replaces a project's milestones (an import bringing a new list). */
export async function replaceMilestones(tx: Tx, j: string, projectId: number, milestones: MilestoneInput[]) {
  await tx
    .deleteFrom('project_milestones')
    .where('jurisdiction_id', '=', j)
    .where('project_id', '=', projectId)
    .execute();
  if (milestones.length)
    await tx
      .insertInto('project_milestones')
      .values(milestoneRows(j, projectId, milestones))
      .execute();
}
