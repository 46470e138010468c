import fs from 'node:fs';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { mayReadProjects } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { projectBulletin, parseScope } from './commands/bulletin.js';
import { todayIn } from './commands/common.js';
import { createProject } from './commands/create.js';
import { exportProjects, importProjects } from './commands/import.js';
import { linkRequest } from './commands/link-request.js';
import { saveMilestone } from './commands/milestones.js';
import { setProgress } from './commands/progress.js';
import { updateProject } from './commands/update.js';
import { presentProject } from './presenter.js';
import {
  linkedRequestCounts,
  loadLinkedRequests,
  loadProject,
  loadProjects,
  loadProjectUpdates,
  referenceNames,
} from './queries.js';
import { deriveStatus, isIsoDate, LEVELS, PROJECT_STATUSES, round2 } from './status.js';

export const TEMPLATE_FILE = new URL('../../data/templates/projects-template.xlsx', import.meta.url);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const IsoDate = z.string().refine(isIsoDate, { message: 'a date YYYY-MM-DD' });
const Code = z.string().trim().min(1).max(100);
const Kind = z.enum(['project', 'key_task']);
const Version = z.number().int().positive().optional();
/** A milestone's weight, kept to two decimals like the database (numeric(7,2)). */
const Weight = z.number().min(0).max(10_000).transform(round2);

const MilestoneBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    due_date: IsoDate,
    done_date: IsoDate.nullable().default(null),
    evidence: z.string().trim().max(2000).default(''),
    weight: Weight.nullable().default(null),
  })
  .strict();

const Fields = {
  year: z.number().int().min(2000).max(2100),
  kind: Kind,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000),
  level: z.enum(LEVELS),
  owner_department_code: Code,
  co_department_codes: z.array(Code).max(30),
  area_codes: z.array(Code).max(100),
  target: z.string().trim().max(2000),
  start_date: IsoDate.nullable(),
  due_date: IsoDate,
  public: z.boolean(),
};

const CreateBody = z
  .object({
    ...Fields,
    code: z
      .string()
      .trim()
      .regex(/^[\p{L}\p{N}_\-./]{1,50}$/u)
      .optional(),
    year: Fields.year.optional(),
    kind: Kind.default('project'),
    description: Fields.description.default(''),
    co_department_codes: Fields.co_department_codes.default([]),
    area_codes: Fields.area_codes.default([]),
    target: Fields.target.default(''),
    start_date: Fields.start_date.default(null),
    progress: z.number().min(0).max(100).optional(),
    progress_note: z.string().trim().max(2000).default(''),
    public: z.boolean().default(false),
    milestones: z.array(MilestoneBody).max(50).default([]),
  })
  .strict();

const PatchBody = z
  .object({ ...Fields, expected_version: Version })
  .partial()
  .strict();

const ProgressBody = z
  .object({
    progress: z.number().min(0).max(100),
    note: z.string().trim().min(1).max(2000),
    expected_version: Version,
  })
  .strict();

const MilestonePatchBody = z
  .object({
    title: MilestoneBody.shape.title,
    due_date: IsoDate,
    done_date: IsoDate.nullable(),
    evidence: z.string().trim().max(2000),
    weight: Weight.nullable(),
    expected_version: Version,
  })
  .partial()
  .strict();

const LinkBody = z
  .object({ request_id: z.number().int().positive(), note: z.string().trim().min(1).max(2000).optional() })
  .strict();

const ImportBody = z
  .object({
    /** The xlsx file, base64-encoded (the JSON body limit is 1 MB: about 5,000 projects). */
    file_base64: z.string().min(1),
    skip_bad: z.boolean().default(false),
    dry_run: z.boolean().default(false),
  })
  .strict();

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const Year = z.coerce.number().int().min(2000).max(2100);

const ListQuery = z
  .object({
    year: Year.optional(),
    kind: Kind.optional(),
    level: z.enum(LEVELS).optional(),
    status: z
      .string()
      .transform((s) => s.split(',').filter(Boolean))
      .pipe(z.array(z.enum(PROJECT_STATUSES)))
      .optional(),
    department: Code.optional(),
    area: Code.optional(),
    public: bool.optional(),
    text: z.string().trim().min(1).max(100).optional(),
    as_of: IsoDate.optional(),
    page: z.coerce.number().int().min(1).default(1),
    page_size: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

const BulletinQuery = z
  .object({
    as_of: IsoDate.optional(),
    scope: z.string().max(120).optional(),
    year: Year.optional(),
    kind: Kind.optional(),
    include_internal: bool.optional(),
  })
  .strict();

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const MilestoneParams = IdParams.extend({ seq: z.coerce.number().int().positive() });

function requireReader(actor: Actor) {
  if (!mayReadProjects(actor)) throw new AppError('forbidden');
}

export function projectRoutes(api: ApiRegistry, ctx: AppContext) {
  const detail = async (actor: Actor, id: number, asOf?: string) => {
    const j = actor.jurisdictionId;
    const p = await loadProject(ctx.db, j, id);
    if (!p) throw new AppError('not_found');
    const [names, updates, linked, today] = await Promise.all([
      referenceNames(ctx.db, j),
      loadProjectUpdates(ctx.db, j, id),
      loadLinkedRequests(ctx.db, j, id),
      asOf ? Promise.resolve(asOf) : todayIn(ctx, j),
    ]);
    return presentProject(p, { asOf: today, names, audience: 'staff', updates, linked });
  };

  api.route({
    method: 'GET',
    url: '/api/v1/projects',
    tag: 'projects',
    summary: '实事项目台账 The projects ledger (staff), with derived status; filters and paging',
    auth: 'actor',
    query: ListQuery,
    handler: async ({ actor, query }) => {
      requireReader(actor);
      const j = actor.jurisdictionId;
      const asOf = query.as_of ?? (await todayIn(ctx, j));
      let rows = await loadProjects(ctx.db, j, {
        year: query.year,
        kind: query.kind,
        level: query.level,
        department: query.department,
        area: query.area,
      });
      if (query.public !== undefined) rows = rows.filter((p) => p.public === query.public);
      if (query.text) rows = rows.filter((p) => p.title.includes(query.text!) || p.code === query.text);
      if (query.status?.length) rows = rows.filter((p) => query.status!.includes(deriveStatus(p, asOf)));
      const [names, counts] = await Promise.all([referenceNames(ctx.db, j), linkedRequestCounts(ctx.db, j)]);
      const page = rows.slice((query.page - 1) * query.page_size, query.page * query.page_size);
      return {
        as_of: asOf,
        total: rows.length,
        page: query.page,
        page_size: query.page_size,
        items: page.map((p) =>
          presentProject(p, { asOf, names, audience: 'staff', linkedCount: counts.get(p.id) ?? 0 }),
        ),
      };
    },
  });

  api.route({
    method: 'POST',
    url: '/api/v1/projects',
    tag: 'projects',
    summary: '新增实事项目 Create a project or key task with its milestones',
    auth: 'actor',
    body: CreateBody,
    handler: async ({ actor, body, reply }) => {
      const { progress, year, ...rest } = body;
      const id = await createProject(ctx, {
        actor,
        input: { ...rest, year: year ?? Number(body.due_date.slice(0, 4)), progress: progress ?? 0 },
        progressStated: progress !== undefined,
      });
      reply.code(201);
      return detail(actor, id);
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/projects/bulletin',
    tag: 'projects',
    summary:
      '进展通报 The bulletin: totals, completed, past half-way and on schedule by level, the paragraph, and the projects behind each number (public: public projects only)',
    auth: 'public',
    query: BulletinQuery,
    handler: async ({ actor, query }) => {
      const scope = parseScope(query.scope);
      if (!scope)
        throw new AppError('validation_failed', {
          issues: [{ path: 'scope', message: 'all, department:CODE or area:CODE' }],
        });
      if (query.include_internal && !(actor && mayReadProjects(actor))) throw new AppError('forbidden');
      return projectBulletin(ctx, {
        jurisdictionId: actor?.jurisdictionId ?? ctx.config.defaultJurisdiction,
        asOf: query.as_of,
        scope,
        year: query.year,
        kind: query.kind,
        includeInternal: query.include_internal ?? false,
      });
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/projects/export',
    tag: 'projects',
    summary: '导出台账 The ledger as xlsx (the template layout), statuses as of today',
    auth: 'actor',
    query: z.object({ year: Year.optional() }).strict(),
    handler: async ({ actor, query, reply }) => {
      const { file } = await exportProjects(ctx, { actor, year: query.year });
      return reply
        .header('content-type', XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="projects${query.year ? `-${query.year}` : ''}.xlsx"`,
        )
        .send(file);
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/projects/template',
    tag: 'projects',
    summary: '台账模板 The xlsx template offices fill in',
    auth: 'actor',
    handler: async ({ actor, reply }) => {
      requireReader(actor);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="projects-template.xlsx"')
        .send(fs.readFileSync(TEMPLATE_FILE));
    },
  });

  api.route({
    method: 'POST',
    url: '/api/v1/projects/import',
    tag: 'projects',
    summary:
      '导入台账 Import an xlsx ledger (base64): every row checked first; any bad row refuses the file unless skip_bad',
    auth: 'actor',
    body: ImportBody,
    handler: async ({ actor, body, reply }) => {
      const file = Buffer.from(body.file_base64, 'base64');
      if (file.length === 0)
        throw new AppError('validation_failed', { issues: [{ path: 'file_base64', message: 'not base64' }] });
      const report = await importProjects(ctx, { actor, file, skipBad: body.skip_bad, dryRun: body.dry_run });
      if (!report.imported && !report.dry_run) {
        throw new AppError(
          'validation_failed',
          {
            ...report,
            issues: report.errors.map((e) => ({
              path: `${e.sheet}:${e.line}`,
              message: e.reasons.join('；'),
            })),
          },
          {
            zh: `台账有${report.errors.length}行错误，未导入任何项目`,
            en: `${report.errors.length} bad rows: nothing imported`,
          },
        );
      }
      reply.code(report.imported && report.created > 0 ? 201 : 200);
      return report;
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/projects/public/:id',
    tag: 'projects',
    summary: '公开项目详情 A public project with its milestones (no login)',
    auth: 'public',
    params: IdParams,
    handler: async ({ actor, params }) => {
      const j = actor?.jurisdictionId ?? ctx.config.defaultJurisdiction;
      const p = await loadProject(ctx.db, j, params.id);
      if (!p || !p.public) throw new AppError('not_found');
      const [names, linked] = await Promise.all([
        referenceNames(ctx.db, j),
        loadLinkedRequests(ctx.db, j, p.id),
      ]);
      return presentProject(p, {
        asOf: await todayIn(ctx, j),
        names,
        audience: 'public',
        linkedCount: linked.length,
      });
    },
  });

  api.route({
    method: 'GET',
    url: '/api/v1/projects/:id',
    tag: 'projects',
    summary: '项目详情 A project with its milestones, change log (progress history) and linked requests',
    auth: 'actor',
    params: IdParams,
    query: z.object({ as_of: IsoDate.optional() }).strict(),
    handler: async ({ actor, params, query }) => {
      requireReader(actor);
      return detail(actor, params.id, query.as_of);
    },
  });

  api.route({
    method: 'PATCH',
    url: '/api/v1/projects/:id',
    tag: 'projects',
    summary: '修改项目 Edit a project (expected_version for optimistic locking)',
    auth: 'actor',
    params: IdParams,
    body: PatchBody,
    handler: async ({ actor, params, body }) => {
      const { expected_version, ...patch } = body;
      await updateProject(ctx, { actor, id: params.id, patch, expectedVersion: expected_version });
      return detail(actor, params.id);
    },
  });

  api.route({
    method: 'POST',
    url: '/api/v1/projects/:id/progress',
    tag: 'projects',
    summary: '更新进度 Set the progress by hand, with a note (not when weighted milestones drive it)',
    auth: 'actor',
    params: IdParams,
    body: ProgressBody,
    handler: async ({ actor, params, body }) => {
      await setProgress(ctx, {
        actor,
        id: params.id,
        progress: body.progress,
        note: body.note,
        expectedVersion: body.expected_version,
      });
      return detail(actor, params.id);
    },
  });

  api.route({
    method: 'POST',
    url: '/api/v1/projects/:id/milestones',
    tag: 'projects',
    summary: '新增节点 Add a milestone',
    auth: 'actor',
    params: IdParams,
    body: MilestoneBody.extend({ expected_version: Version }),
    handler: async ({ actor, params, body, reply }) => {
      const { expected_version, ...m } = body;
      await saveMilestone(ctx, {
        actor,
        id: params.id,
        seq: null,
        patch: m,
        expectedVersion: expected_version,
      });
      reply.code(201);
      return detail(actor, params.id);
    },
  });

  api.route({
    method: 'PATCH',
    url: '/api/v1/projects/:id/milestones/:seq',
    tag: 'projects',
    summary: '更新节点 Change a milestone; mark it done with done_date and evidence',
    auth: 'actor',
    params: MilestoneParams,
    body: MilestonePatchBody,
    handler: async ({ actor, params, body }) => {
      const { expected_version, ...m } = body;
      await saveMilestone(ctx, {
        actor,
        id: params.id,
        seq: params.seq,
        patch: m,
        expectedVersion: expected_version,
      });
      return detail(actor, params.id);
    },
  });

  api.route({
    method: 'POST',
    url: '/api/v1/projects/:id/requests',
    tag: 'projects',
    summary: '关联诉求 The project absorbs a request it resolves; the resident is told',
    auth: 'actor',
    params: IdParams,
    body: LinkBody,
    handler: async ({ actor, params, body }) => {
      await linkRequest(ctx, { actor, id: params.id, requestId: body.request_id, note: body.note });
      return detail(actor, params.id);
    },
  });
}
