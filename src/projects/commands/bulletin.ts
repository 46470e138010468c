import type { AppContext } from '../../context.js';
import type { ProjectKind, ProjectLevel } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { localDate } from '../../requests/deadlines.js';
import { getJurisdiction } from '../../routing/reference.js';
import { buildBulletin } from '../bulletin.js';
import { presentBulletinItem } from '../presenter.js';
import { loadProjects, referenceNames, type ProjectFilter } from '../queries.js';

/** Whose projects a bulletin covers: the whole jurisdiction, one department's, or one area's. */
export type BulletinScope =
  { kind: 'all' } | { kind: 'department'; code: string } | { kind: 'area'; code: string };

export function parseScope(s: string | undefined): BulletinScope | null {
  if (!s || s === 'all') return { kind: 'all' };
  const m = /^(department|area):(.{1,100})$/.exec(s);
  if (!m) return null;
  return { kind: m[1] as 'department' | 'area', code: m[2]! };
}

/** "苏州市相城区" → "相城区": a district is named without its city, as the bulletins do. */
export function shortName(name: string): string {
  return /^(?:.+?省)?(?:.+?市)?(.+?[区县])$/.exec(name)?.[1] ?? name;
}

/**
 * GET /api/v1/projects/bulletin and `banshi projects bulletin`: the numbers and the paragraph for a year's
 * projects in scope, judged on as_of (default: today where the jurisdiction is), with the projects behind
 * each number. The public sees public projects only; staff may ask for internal ones too.
 */
export async function projectBulletin(
  ctx: AppContext,
  opts: {
    jurisdictionId: string;
    asOf?: string | undefined;
    scope: BulletinScope;
    year?: number | undefined;
    kind?: ProjectKind | undefined;
    level?: ProjectLevel | undefined;
    includeInternal: boolean;
  },
) {
  const j = opts.jurisdictionId;
  const jur = await getJurisdiction(ctx.db, j);
  const asOf = opts.asOf ?? localDate(ctx.now(), jur.timezone);
  const year = opts.year ?? Number(asOf.slice(0, 4));
  const kind = opts.kind ?? 'project';
  const names = await referenceNames(ctx.db, j);
  const filter: ProjectFilter = { year, kind, level: opts.level, publicOnly: !opts.includeInternal };
  let subject = `${shortName(jur.name)}各部门单位`;
  if (opts.scope.kind === 'department') {
    const name = names.departments.get(opts.scope.code);
    if (!name) throw new AppError('unknown_reference', { department_code: opts.scope.code });
    filter.department = opts.scope.code;
    subject = name;
  } else if (opts.scope.kind === 'area') {
    const name = names.areas.get(opts.scope.code);
    if (!name) throw new AppError('unknown_reference', { area_code: opts.scope.code });
    filter.area = opts.scope.code;
    subject = `涉及${name}的`;
  }
  const projects = await loadProjects(ctx.db, j, filter);
  const { statuses, ...bulletin } = buildBulletin(projects, { asOf, subject, kind });
  return {
    ...bulletin,
    year,
    kind,
    scope: opts.scope.kind === 'all' ? 'all' : `${opts.scope.kind}:${opts.scope.code}`,
    audience: opts.includeInternal ? ('internal' as const) : ('public' as const),
    subject,
    projects: projects.map((p) => presentBulletinItem(p, statuses[p.id]!, names)),
  };
}
