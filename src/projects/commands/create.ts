import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayManageProject } from '../../http/policies.js';
import type { ProjectInput } from '../model.js';
import { loadProjects } from '../queries.js';
import { allocateCodes, insertProjects } from '../store.js';
import { projectIssues } from '../validate.js';
import { throwIssues, namesAndToday } from './common.js';

/**
 * Adds a project (or key task) to the ledger with its milestones; its first change-log entry records who
 * created it and its starting progress. Without a code it gets the next ledger number of its year.
 */
export async function createProject(
  ctx: AppContext,
  opts: {
    actor: Actor;
    input: ProjectInput;
    progressStated: boolean;
    /** What must be written with the project or not at all (e.g. the warning that opened it). */
    within?: (tx: Transaction<DB>, id: number) => Promise<void>;
  },
): Promise<number> {
  const { actor, input } = opts;
  const j = actor.jurisdictionId;
  if (!mayManageProject(actor, input.owner_department_code)) throw new AppError('forbidden');
  const [refs, today] = await namesAndToday(ctx, j);
  throwIssues(projectIssues(input, refs, today, { statedProgress: opts.progressStated }));
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    let code = input.code;
    if (code === undefined) [code] = await allocateCodes(tx, j, input.year, 1, new Set());
    else {
      const [exists] = await loadProjects(tx, j, { codes: [code] });
      if (exists) throw new AppError('conflict', { code, id: exists.id });
    }
    const [id] = await insertProjects(tx, j, [{ ...input, code: code! }], actor, now, (p) => ({
      type: 'create',
      note: p.progress_note,
    }));
    await opts.within?.(tx, id!);
    return id!;
  });
}
