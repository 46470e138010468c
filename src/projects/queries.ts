/** Reading the ledger: projects with their milestones, dates as 'YYYY-MM-DD' text on every driver. */
import { sql } from 'kysely';
import type { ProgressSource, ProjectKind, ProjectLevel } from '../db/schema.js';
import { inJurisdiction, type Db } from '../db/source.js';
import { sourcedProgress } from './progress-sources.js';
import { PARTICULARS, type ProjectParticulars } from './model.js';
import { dateText } from '../db/date-text.js';

export type MilestoneRow = {
  seq: number;
  title: string;
  due_date: string;
  done_date: string | null;
  evidence: string;
  weight: number | null;
};

export type ProjectRow = ProjectParticulars & {
  jurisdiction_id: string;
  id: number;
  code: string;
  progress: number;
  progress_note: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  milestones: MilestoneRow[];
  /** Where the progress is counted instead (the parking module's shared spaces): then `progress` is its count. */
  progress_source?: ProgressSource | null;
};

export type ProjectFilter = {
  ids?: number[] | undefined;
  codes?: string[] | undefined;
  year?: number | undefined;
  kind?: ProjectKind | undefined;
  level?: ProjectLevel | undefined;
  /** Owned by the department, or with it among the co-departments. */
  department?: string | undefined;
  /** In the area or one of its sub-areas (codes are hierarchical). */
  area?: string | undefined;
  publicOnly?: boolean | undefined;
};

/** Projects matching the filter, ordered by year and ledger number, each with its milestones. */
export async function loadProjects(
  db: Db,
  jurisdictionId: string,
  f: ProjectFilter = {},
  opts: { forUpdate?: boolean } = {},
): Promise<ProjectRow[]> {
  let q = db
    .selectFrom('projects')
    .select([
      'jurisdiction_id',
      'id',
      'code',
      ...PARTICULARS.filter((k) => k !== 'start_date' && k !== 'due_date'),
      dateText('start_date'),
      dateText('due_date'),
      'progress',
      'progress_note',
      'version',
      'created_at',
      'updated_at',
      'progress_source',
    ])
    .where('jurisdiction_id', '=', jurisdictionId);
  if (f.ids) q = f.ids.length ? q.where('id', 'in', f.ids) : q.where(sql<boolean>`false`);
  if (f.codes) q = f.codes.length ? q.where('code', 'in', f.codes) : q.where(sql<boolean>`false`);
  if (f.year !== undefined) q = q.where('year', '=', f.year);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.level) q = q.where('level', '=', f.level);
  if (f.publicOnly) q = q.where('public', '=', true);
  if (f.department) {
    const d = f.department;
    q = q.where((eb) =>
      eb.or([
        eb('owner_department_code', '=', d),
        eb(sql`co_department_codes`, '@>', sql`${JSON.stringify([d])}::jsonb`),
      ]),
    );
  }
  if (f.area) {
    const a = f.area;
    q = q.where(
      sql<boolean>`exists (select 1 from jsonb_array_elements_text(area_codes) as ac(code)
        where ac.code = ${a} or ac.code like ${`${a}-%`})`,
    );
  }
  if (opts.forUpdate) q = q.forUpdate();
  const rows = await q.orderBy('year').orderBy('code').execute();
  const milestones = await loadMilestones(
    db,
    jurisdictionId,
    rows.map((r) => r.id),
  );
  const counted = await sourcedProgress(db, jurisdictionId, rows);
  return rows.map((r) => ({
    ...r,
    start_date: r.start_date ?? null,
    progress: counted.get(r.id) ?? Number(r.progress),
    milestones: milestones.get(r.id) ?? [],
  }));
}

export async function loadProject(
  db: Db,
  jurisdictionId: string,
  id: number,
  opts: { forUpdate?: boolean } = {},
) {
  const [row] = await loadProjects(db, jurisdictionId, { ids: [id] }, opts);
  return row;
}

async function loadMilestones(db: Db, j: string, ids: number[]): Promise<Map<number, MilestoneRow[]>> {
  const out = new Map<number, MilestoneRow[]>();
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    const rows = await db
      .selectFrom('project_milestones')
      .select([
        'project_id',
        'seq',
        'title',
        dateText('due_date'),
        dateText('done_date'),
        'evidence',
        'weight',
      ])
      .where('jurisdiction_id', '=', j)
      .where('project_id', 'in', chunk)
      .orderBy('project_id')
      .orderBy('seq')
      .execute();
    for (const { project_id, ...m } of rows) {
      const list = out.get(project_id) ?? [];
      list.push({
        ...m,
        done_date: m.done_date ?? null,
        weight: m.weight === null ? null : Number(m.weight),
      });
      out.set(project_id, list);
    }
  }
  return out;
}

export function loadProjectUpdates(db: Db, j: string, projectId: number) {
  return inJurisdiction(db, 'project_updates', j)
    .select(['seq', 'type', 'progress', 'note', 'actor_role', 'actor_label', 'payload', 'at'])
    .where('project_id', '=', projectId)
    .orderBy('seq')
    .execute();
}

export function loadLinkedRequests(db: Db, j: string, projectId: number) {
  return inJurisdiction(db, 'requests', j)
    .select(['id', 'ticket_no', 'status', 'title', 'department_code', 'area_code', 'created_at'])
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
}

export async function linkedRequestCounts(db: Db, j: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('requests')
    .select(['project_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('jurisdiction_id', '=', j)
    .where('project_id', 'is not', null)
    .groupBy('project_id')
    .execute();
  return new Map(rows.map((r) => [r.project_id!, Number(r.n)]));
}

export type Names = { departments: Map<string, string>; areas: Map<string, string> };

/** Department and area names of a jurisdiction, for presenting and for the xlsx ledger. */
export async function referenceNames(
  db: Db,
  j: string,
): Promise<Names & { departmentKinds: Map<string, string> }> {
  const [departments, areas] = await Promise.all([
    db.selectFrom('departments').select(['code', 'name', 'kind']).where('jurisdiction_id', '=', j).execute(),
    db.selectFrom('areas').select(['code', 'name']).where('jurisdiction_id', '=', j).execute(),
  ]);
  return {
    departments: new Map(departments.map((d) => [d.code, d.name])),
    departmentKinds: new Map(departments.map((d) => [d.code, d.kind])),
    areas: new Map(areas.map((a) => [a.code, a.name])),
  };
}
