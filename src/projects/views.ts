/** What the projects API reads for its answers: a project with its history, a page of the ledger, a public one. */
import type { AppContext } from '../context.js';
import { pageWindow } from '../http/inputs.js';
import { todayIn } from './commands/common.js';
import { presentProjectDetail, presentProjectItem, presentPublicProject } from './presenter.js';
import {
  linkedRequestCounts,
  loadLinkedRequests,
  loadProject,
  loadProjects,
  loadProjectUpdates,
  referenceNames,
} from './queries.js';
import type { ProjectListQuery } from './schemas.js';
import { deriveStatus } from './status.js';

/** A project as staff see it: milestones, change log and linked requests, judged on `asOf` (default today). */
export async function projectDetail(ctx: AppContext, j: string, id: number, asOf?: string) {
  const p = await loadProject(ctx.db, j, id);
  if (!p) return undefined;
  const [names, updates, linked, today] = await Promise.all([
    referenceNames(ctx.db, j),
    loadProjectUpdates(ctx.db, j, id),
    loadLinkedRequests(ctx.db, j, id),
    asOf ?? todayIn(ctx, j),
  ]);
  return presentProjectDetail(p, { asOf: today, names, updates, linked });
}

/** A page of the ledger: filtered in SQL by year, kind, level, department and area, then by derived status. */
export async function projectsPage(ctx: AppContext, j: string, q: ProjectListQuery) {
  const asOf = q.as_of ?? (await todayIn(ctx, j));
  let rows = await loadProjects(ctx.db, j, {
    year: q.year,
    kind: q.kind,
    level: q.level,
    department: q.department,
    area: q.area,
  });
  if (q.public !== undefined) rows = rows.filter((p) => p.public === q.public);
  if (q.text) rows = rows.filter((p) => p.title.includes(q.text!) || p.code === q.text);
  if (q.status?.length) rows = rows.filter((p) => q.status!.includes(deriveStatus(p, asOf)));
  const [names, counts] = await Promise.all([referenceNames(ctx.db, j), linkedRequestCounts(ctx.db, j)]);
  const { limit, offset } = pageWindow(q);
  return {
    as_of: asOf,
    total: rows.length,
    page: q.page,
    page_size: q.page_size,
    items: rows
      .slice(offset, offset + limit)
      .map((p) => presentProjectItem(p, { asOf, names, linkedCount: counts.get(p.id) ?? 0 })),
  };
}

/** A public project as anyone may see it; undefined when there is none or it is internal. */
export async function publicProject(ctx: AppContext, j: string, id: number) {
  const p = await loadProject(ctx.db, j, id);
  if (!p || !p.public) return undefined;
  const [names, linked, asOf] = await Promise.all([
    referenceNames(ctx.db, j),
    loadLinkedRequests(ctx.db, j, p.id),
    todayIn(ctx, j),
  ]);
  return presentPublicProject(p, { asOf, names, linkedCount: linked.length });
}
