/**
 * 每月一题 as read: each problem with its request volume over the last months (./volumes.ts), its change against
 * the month before, and the progress of its key tasks; the month's summary ("N个问题中K个诉求量环比下降").
 * The public view carries no definition and only the public key tasks.
 */
import { sql, type Kysely } from 'kysely';
import { addMonths, monthOf } from '../assessment/month.js';
import type { DB } from '../db/schema.js';
import { localDate } from '../requests/deadlines.js';
import { referenceCache } from '../routing/reference-cache.js';
import type { ProblemDefinition } from './definition.js';
import { focusDb } from './schema.js';
import { monthsUpTo, problemVolumes } from './volumes.js';

const MONTHS_SHOWN = 12;

export type ProblemView = {
  id: number;
  month: string;
  title: string;
  description: string;
  definition: ProblemDefinition;
  lead_department: { code: string; name: string };
  co_departments: { code: string; name: string }[];
  target: string;
  target_reduction: number | null;
  source: string;
  volumes: { month: string; volume: number; frozen: boolean }[];
  /** The compared month's volume against the month before it: null when the problem has no earlier month. */
  change: { month: string; volume: number; previous: number; down: boolean } | null;
  tasks: { id: number; code: string; title: string; progress: number; due_date: string; public: boolean }[];
};

export type ProblemsAnswer = {
  month: string;
  compared_month: string;
  summary: { problems: number; down: number; up: number; flat: number };
  problems: ProblemView[];
};

/**
 * The problems chosen up to `month` (default: this month). Their change is read on the last month that has
 * ended (the running month is still filling up), unless an earlier month is asked for.
 */
export async function listProblems(
  db: Kysely<DB>,
  opts: { jurisdictionId: string; now: Date; month?: string | undefined; publicOnly?: boolean },
): Promise<ProblemsAnswer> {
  const ref = await referenceCache(db).get(opts.jurisdictionId);
  const today = localDate(opts.now, ref.timezone);
  const current = monthOf(today);
  const month = opts.month && opts.month < current ? opts.month : current;
  const compared = month === current ? addMonths(current, -1) : month;
  const rows = await focusDb(db)
    .selectFrom('monthly_problems')
    .selectAll()
    .where('jurisdiction_id', '=', opts.jurisdictionId)
    .where('month', '<=', month)
    .orderBy('month', 'desc')
    .orderBy('id')
    .execute();
  const taskRows = rows.length
    ? await focusDb(db)
        .selectFrom('monthly_problem_tasks as t')
        .innerJoin('projects as p', (join) =>
          join.onRef('p.jurisdiction_id', '=', 't.jurisdiction_id').onRef('p.id', '=', 't.project_id'),
        )
        .select([
          't.problem_id',
          'p.id',
          'p.code',
          'p.title',
          'p.progress',
          sql<string>`p.due_date::text`.as('due_date'),
          'p.public',
        ])
        .where('t.jurisdiction_id', '=', opts.jurisdictionId)
        .where(
          't.problem_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('p.code')
        .execute()
    : [];
  const name = (code: string) => ({ code, name: ref.names.departments.get(code) ?? code });
  const problems: ProblemView[] = [];
  for (const r of rows) {
    const definition = r.definition as ProblemDefinition;
    const volumes = await problemVolumes(db, {
      jurisdictionId: opts.jurisdictionId,
      timezone: ref.timezone,
      today,
      problemId: Number(r.id),
      definition,
      months: monthsUpTo(month, MONTHS_SHOWN),
    });
    const at = volumes.find((v) => v.month === compared);
    const before = volumes.find((v) => v.month === addMonths(compared, -1));
    problems.push({
      id: Number(r.id),
      month: r.month,
      title: r.title,
      description: r.description,
      definition,
      lead_department: name(r.lead_department_code),
      co_departments: r.co_department_codes.map(name),
      target: r.target,
      target_reduction: r.target_reduction === null ? null : Number(r.target_reduction),
      source: r.source,
      volumes,
      change:
        at && before && r.month <= compared
          ? { month: compared, volume: at.volume, previous: before.volume, down: at.volume < before.volume }
          : null,
      tasks: taskRows
        .filter((t) => Number(t.problem_id) === Number(r.id) && (!opts.publicOnly || t.public))
        .map((t) => ({
          id: Number(t.id),
          code: t.code,
          title: t.title,
          progress: Number(t.progress),
          due_date: t.due_date,
          public: t.public,
        })),
    });
  }
  const judged = problems.filter((p) => p.change);
  return {
    month,
    compared_month: compared,
    summary: {
      problems: problems.length,
      down: judged.filter((p) => p.change!.down).length,
      up: judged.filter((p) => p.change!.volume > p.change!.previous).length,
      flat: judged.filter((p) => p.change!.volume === p.change!.previous).length,
    },
    problems,
  };
}
