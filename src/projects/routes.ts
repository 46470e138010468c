import fs from 'node:fs';
import { readerFor } from '../http/read-replica.js';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { jurisdictionOf, type Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { ensureAllowed, mayReadProjects, projectCapabilities } from '../http/policies.js';
import { edits, type ApiRegistry } from '../http/route.js';
import { invalidField } from '../http/validate.js';
import { parseScope, projectBulletin } from './commands/bulletin.js';
import { createProject } from './commands/create.js';
import { exportProjects, importProjects, type ImportReport } from './commands/import.js';
import { linkRequest } from './commands/link-request.js';
import { saveMilestone, type MilestonePatch } from './commands/milestones.js';
import { setProgress } from './commands/progress.js';
import { setProgressSource } from './commands/progress-source.js';
import { updateProject } from './commands/update.js';
import {
  AsOfQuery,
  Bulletin,
  BulletinQuery,
  CreateBody,
  ExportQuery,
  IdParams,
  ImportBody,
  ImportReport as ImportReportSchema,
  LinkBody,
  ListQuery,
  MilestoneParams,
  MilestonePatchBody,
  NewMilestoneBody,
  PatchBody,
  ProgressBody,
  ProgressSourceBody,
  ProjectDetail,
  ProjectPage,
  PublicProject,
  Spreadsheet,
  WordDocument,
} from './schemas.js';
import { bulletinDocx } from './bulletin-docx.js';
import { projectDetail, projectsPage, publicProject } from './views.js';

export const TEMPLATE_FILE = new URL('../../data/templates/projects-template.xlsx', import.meta.url);
const XLSX_TYPE = Spreadsheet.contentType;

/** A refused import (any bad row, without skip_bad): every bad row as an issue, nothing written. */
function refusedImport(report: ImportReport): AppError {
  return new AppError(
    'validation_failed',
    {
      ...report,
      issues: report.errors.map((e) => ({ path: `${e.sheet}:${e.line}`, message: e.reasons.join('；') })),
    },
    {
      zh: `台账有${report.errors.length}行错误，未导入任何项目`,
      en: `${report.errors.length} bad rows: nothing imported`,
    },
  );
}

export function projectRoutes(api: ApiRegistry, ctx: AppContext) {
  /** The bulletin a query asks for (public projects only unless staff ask for internal ones too). */
  const bulletin = (actor: Actor | null, query: z.output<typeof BulletinQuery>) => {
    const scope = parseScope(query.scope);
    if (!scope) throw invalidField('scope', 'invalid', 'all, department:CODE or area:CODE');
    if (query.include_internal) ensureAllowed(mayReadProjects(actor));
    return projectBulletin(ctx, {
      jurisdictionId: jurisdictionOf(actor, ctx.config.defaultJurisdiction),
      asOf: query.as_of,
      scope,
      year: query.year,
      kind: query.kind,
      level: query.level,
      includeInternal: query.include_internal ?? false,
    });
  };

  /** The project as staff see it after a change (or a read). */
  const detail = async (actor: Actor, id: number, asOf?: string) => {
    const p = await projectDetail(ctx, actor.jurisdictionId, id, asOf);
    if (!p) throw new AppError('not_found');
    return { ...p, can: projectCapabilities(actor, p.owner_department.code) };
  };

  /** Saves a milestone (seq null: a new one) under the body's expected_version, and shows the project. */
  const milestone = async (
    actor: Actor,
    id: number,
    seq: number | null,
    { expected_version, ...patch }: MilestonePatch & { expected_version?: number | undefined },
  ) => {
    await saveMilestone(ctx, { actor, id, seq, patch, expectedVersion: expected_version });
    return detail(actor, id);
  };

  /** What a change to a project answers, or why it is refused. */
  const changed = { response: { 200: ProjectDetail }, errors: [403, 409] } as const;

  const route = api.feature('projects');

  route.get(
    '/api/v1/projects',
    '实事项目台账 The projects ledger (staff), with derived status; filters and paging',
    { query: ListQuery, response: { 200: ProjectPage }, allow: mayReadProjects },
    async ({ actor, query }) => projectsPage(ctx, actor.jurisdictionId, query),
  );

  route.post(
    '/api/v1/projects',
    '新增实事项目 Create a project or key task with its milestones',
    { body: CreateBody, response: { 201: ProjectDetail }, errors: [403, 409, 422] },
    async ({ actor, body, reply }) => {
      const { progress, year, ...rest } = body;
      const id = await createProject(ctx, {
        actor,
        input: { ...rest, year: year ?? Number(body.due_date.slice(0, 4)), progress: progress ?? 0 },
        progressStated: progress !== undefined,
      });
      reply.code(201);
      return detail(actor, id);
    },
  );

  route.get(
    '/api/v1/projects/bulletin',
    '进展通报 The bulletin: totals, completed, past half-way and on schedule by level, the paragraph, and the projects behind each number (public: public projects only)',
    { auth: 'public', query: BulletinQuery, response: { 200: Bulletin }, errors: [403, 422] },
    ({ actor, query }) => bulletin(actor, query),
  );

  route.get(
    '/api/v1/projects/bulletin/docx',
    '通报（Word）The bulletin as a Word document, for the same as-of date and scope',
    { auth: 'public', query: BulletinQuery, response: { 200: WordDocument }, errors: [403, 422] },
    async ({ actor, query, reply }) => {
      const file = await bulletinDocx(await bulletin(actor, query));
      return reply
        .header('content-type', WordDocument.contentType)
        .header('content-disposition', `attachment; filename="bulletin-${query.as_of ?? 'today'}.docx"`)
        .send(file);
    },
  );

  route.get(
    '/api/v1/projects/export',
    '导出台账 The ledger as xlsx (the template layout), statuses as of today',
    { query: ExportQuery, response: { 200: Spreadsheet }, errors: [403] },
    async ({ actor, query, reply, req }) => {
      const { file } = await exportProjects(readerFor(ctx, req), { actor, year: query.year });
      const name = `projects${query.year ? `-${query.year}` : ''}.xlsx`;
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(file);
    },
  );

  route.get(
    '/api/v1/projects/template',
    '台账模板 The xlsx template offices fill in',
    { response: { 200: Spreadsheet }, allow: mayReadProjects },
    async ({ reply }) =>
      reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="projects-template.xlsx"')
        .send(fs.readFileSync(TEMPLATE_FILE)),
  );

  route.post(
    '/api/v1/projects/import',
    '导入台账 Import an xlsx ledger (base64): every row checked first; any bad row refuses the file unless skip_bad',
    {
      body: ImportBody,
      response: { 201: ImportReportSchema, 200: ImportReportSchema },
      errors: [403, 409, 422],
    },
    async ({ actor, body, reply }) => {
      const file = Buffer.from(body.file_base64, 'base64');
      if (file.length === 0)
        throw new AppError('validation_failed', { issues: [{ path: 'file_base64', message: 'not base64' }] });
      const { fileError, ...report } = await importProjects(ctx, {
        actor,
        file,
        skipBad: body.skip_bad,
        dryRun: body.dry_run,
      });
      // The file as a whole: one sentence, whether checking or importing, and no row numbers.
      if (fileError) throw new AppError('invalid_file', { ...report, file_error: fileError.code }, fileError);
      if (!report.imported && !report.dry_run) throw refusedImport(report);
      reply.code(report.imported && report.created > 0 ? 201 : 200);
      return report;
    },
  );

  route.get(
    '/api/v1/projects/public/:id',
    '公开项目详情 A public project with its milestones (no login)',
    { auth: 'public', params: IdParams, response: { 200: PublicProject } },
    async ({ actor, params }) => {
      const p = await publicProject(ctx, jurisdictionOf(actor, ctx.config.defaultJurisdiction), params.id);
      if (!p) throw new AppError('not_found');
      return p;
    },
  );

  route.get(
    '/api/v1/projects/:id',
    '项目详情 A project with its milestones, change log (progress history) and linked requests',
    { params: IdParams, query: AsOfQuery, response: { 200: ProjectDetail }, allow: mayReadProjects },
    async ({ actor, params, query }) => detail(actor, params.id, query.as_of),
  );

  route.patch(
    '/api/v1/projects/:id',
    '修改项目 Edit a project (expected_version for optimistic locking)',
    { params: IdParams, body: PatchBody, response: { 200: ProjectDetail }, errors: [403, 409, 422] },
    edits(ctx, updateProject, detail),
  );

  route.post(
    '/api/v1/projects/:id/progress',
    '更新进度 Set the progress by hand, with a note (not when weighted milestones drive it)',
    { params: IdParams, body: ProgressBody, ...changed },
    async ({ actor, params, body }) => {
      const { expected_version, ...progress } = body;
      await setProgress(ctx, { actor, id: params.id, ...progress, expectedVersion: expected_version });
      return detail(actor, params.id);
    },
  );

  route.put(
    '/api/v1/projects/:id/progress-source',
    '进度来源 Count the progress from the parking module (新增错时共享泊位N个: spaces opened / N), or by hand again (null)',
    { params: IdParams, body: ProgressSourceBody, ...changed },
    async ({ actor, params, body }) => {
      await setProgressSource(ctx, {
        actor,
        id: params.id,
        source: body.source,
        expectedVersion: body.expected_version,
      });
      return detail(actor, params.id);
    },
  );

  route.post(
    '/api/v1/projects/:id/milestones',
    '新增节点 Add a milestone',
    { params: IdParams, body: NewMilestoneBody, response: { 201: ProjectDetail }, errors: [403, 409] },
    async ({ actor, params, body, reply }) => {
      reply.code(201);
      return milestone(actor, params.id, null, body);
    },
  );

  route.patch(
    '/api/v1/projects/:id/milestones/:seq',
    '更新节点 Change a milestone; mark it done with done_date and evidence',
    { params: MilestoneParams, body: MilestonePatchBody, ...changed },
    async ({ actor, params, body }) => milestone(actor, params.id, params.seq, body),
  );

  route.post(
    '/api/v1/projects/:id/requests',
    '关联诉求 The project absorbs a request it resolves; the resident is told',
    { params: IdParams, body: LinkBody, response: { 200: ProjectDetail }, errors: [403, 409, 422] },
    async ({ actor, params, body }) => {
      await linkRequest(ctx, { actor, id: params.id, requestId: body.request_id, note: body.note });
      return detail(actor, params.id);
    },
  );
}
