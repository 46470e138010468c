/** How the early warnings and the public 每月一题 are answered. */
import type { ProblemsAnswer } from './problem-queries.js';
import type { WarningView } from './warning-queries.js';

export const presentWarning = (w: WarningView, mayHandle: boolean) => ({
  id: Number(w.id),
  kind: w.kind,
  category_code: w.category_code,
  category_name: w.category_name,
  area_code: w.area_code,
  area_name: w.area_name,
  department_code: w.department_code,
  department_name: w.department_name,
  day: w.day,
  observed: w.observed,
  expected: Number(w.expected),
  p_value: w.p_value === null ? null : Number(w.p_value),
  sample_ids: w.sample_ids.map(Number),
  status: w.status,
  note: w.note,
  handled_at: w.handled_at ? new Date(w.handled_at).toISOString() : null,
  project_id: w.project_id === null ? null : Number(w.project_id),
  judgement: w.judgement,
  may_handle: mayHandle && w.status === 'open',
});

/** The public bulletin's view: no definition, no description, public key tasks only (already filtered). */
export const presentPublicProblems = (a: ProblemsAnswer) => ({
  month: a.month,
  compared_month: a.compared_month,
  summary: a.summary,
  problems: a.problems.map((p) => ({
    id: p.id,
    month: p.month,
    title: p.title,
    lead_department: p.lead_department,
    volumes: p.volumes,
    change: p.change,
    tasks: p.tasks,
  })),
});
