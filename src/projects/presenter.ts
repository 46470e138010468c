/**
 * What leaves the server about a project. Staff see everything, with the change log and the linked requests;
 * the public sees public projects without who changed what and without the requests behind them (a count).
 */
import { KIND_LABELS } from './model.js';
import type { MilestoneRow, Names, ProjectRow } from './queries.js';
import {
  deriveStatus,
  effectiveProgress,
  isWeighted,
  LEVEL_LABELS,
  STATUS_LABELS,
  type ProjectStatus,
} from './status.js';

type UpdateRow = {
  seq: number;
  type: string;
  progress: number | null;
  note: string;
  actor_role: string;
  actor_label: string;
  payload: Record<string, unknown>;
  at: Date;
};
type LinkedRequest = { id: number; ticket_no: string; status: string; title: string; created_at: Date };

const named = (names: Map<string, string>, code: string) => ({ code, name: names.get(code) ?? code });

function milestone(m: MilestoneRow, asOf: string) {
  return {
    seq: m.seq,
    title: m.title,
    due_date: m.due_date,
    done_date: m.done_date,
    evidence: m.evidence,
    weight: m.weight,
    overdue: m.done_date === null && asOf > m.due_date,
  };
}

type Present = { asOf: string; names: Names };

/**
 * One line of a bulletin's project list, and what every public view of a project says first: what it is, who
 * owns it, where it stands.
 */
export function presentBulletinItem(p: ProjectRow, status: ProjectStatus, names: Names) {
  return {
    id: p.id,
    code: p.code,
    title: p.title,
    level: p.level,
    level_label: LEVEL_LABELS[p.level],
    owner_department: named(names.departments, p.owner_department_code),
    target: p.target,
    due_date: p.due_date,
    progress: effectiveProgress(p),
    status,
    status_label: STATUS_LABELS[status],
  };
}

/** A project as the public sees it (a count of the requests it absorbed, no change log). */
export function presentPublicProject(p: ProjectRow, opts: Present & { linkedCount: number }) {
  const status: ProjectStatus = deriveStatus(p, opts.asOf);
  return {
    ...presentBulletinItem(p, status, opts.names),
    year: p.year,
    kind: p.kind,
    kind_label: KIND_LABELS[p.kind],
    description: p.description,
    co_departments: p.co_department_codes.map((c) => named(opts.names.departments, c)),
    areas: p.area_codes.map((c) => named(opts.names.areas, c)),
    start_date: p.start_date,
    progress_mode: isWeighted(p.milestones) ? ('milestones' as const) : ('manual' as const),
    progress_note: p.progress_note,
    on_schedule: status !== 'delayed',
    as_of: opts.asOf,
    milestones: p.milestones.map((m) => milestone(m, opts.asOf)),
    linked_requests_count: opts.linkedCount,
    updated_at: p.updated_at.toISOString(),
  };
}

/** A project in the staff's ledger: also whether it is public, its version and creation. */
export function presentProjectItem(p: ProjectRow, opts: Present & { linkedCount: number }) {
  return {
    ...presentPublicProject(p, opts),
    public: p.public,
    version: p.version,
    created_at: p.created_at.toISOString(),
  };
}

/** A project with its change log and the requests it absorbed. */
export function presentProjectDetail(
  p: ProjectRow,
  opts: Present & { updates: UpdateRow[]; linked: LinkedRequest[] },
) {
  return {
    ...presentProjectItem(p, { ...opts, linkedCount: opts.linked.length }),
    updates: opts.updates.map((u) => ({
      seq: u.seq,
      type: u.type,
      progress: u.progress === null ? null : Number(u.progress),
      note: u.note,
      actor: u.actor_label,
      actor_role: u.actor_role,
      payload: u.payload,
      at: u.at.toISOString(),
    })),
    linked_requests: opts.linked.map((r) => ({
      id: r.id,
      ticket_no: r.ticket_no,
      status: r.status,
      title: r.title,
      created_at: r.created_at.toISOString(),
    })),
  };
}
