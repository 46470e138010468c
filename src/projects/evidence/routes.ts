import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { acceptFiles, uploadedFile } from '../../http/raw-files.js';
import { mayReadProjects } from '../../http/policies.js';
import type { ApiRegistry } from '../../http/route.js';
import { EVIDENCE_TYPES, MAX_EVIDENCE_BYTES, MAX_FILES_PER_MILESTONE, sniffEvidence } from './files.js';
import { presentEvidence } from './presenter.js';
import { EvidenceContent, EvidenceList, EvidenceParams, EvidenceFile, MilestoneParams } from './schemas.js';
import { addEvidence, listEvidence, loadEvidence, removeEvidence } from './store.js';

/**
 * Evidence files of a project milestone (节点佐证材料: JPEG/PNG/WebP or PDF, each ≤ 5 MB, at most 10 per
 * milestone), staff only. Registered in its own scope so that the raw body parser and its limit apply to these
 * routes only; the routes still go into the API's OpenAPI document.
 */
export function milestoneEvidencePlugin(ctx: AppContext, api: ApiRegistry) {
  return async (scope: FastifyInstance) => {
    acceptFiles(scope, [...EVIDENCE_TYPES], MAX_EVIDENCE_BYTES);
    const route = api.scoped(scope).feature('projects');
    const base = '/api/v1/projects/:id/milestones/:seq/evidence';

    route.post(
      base,
      `上传佐证材料 Attach an evidence file to a milestone (raw image/jpeg|png|webp or application/pdf body, ≤ 5 MB, at most ${MAX_FILES_PER_MILESTONE} per milestone)`,
      {
        params: MilestoneParams,
        rawBody: {
          contentTypes: EVIDENCE_TYPES,
          description: 'The file: JPEG, PNG, WebP or PDF, at most 5 MB',
        },
        response: { 201: EvidenceFile },
        errors: [403, 409, 413, 415],
      },
      async ({ actor, params, req, reply }) => {
        const file = uploadedFile(req, EVIDENCE_TYPES, sniffEvidence, 'a file');
        const created = await addEvidence(ctx, { actor, projectId: params.id, seq: params.seq, ...file });
        reply.code(201);
        return presentEvidence(params.id, created);
      },
    );

    route.get(
      base,
      '佐证材料列表 The evidence files of a milestone (staff)',
      { params: MilestoneParams, response: { 200: EvidenceList }, allow: mayReadProjects },
      async ({ actor, params }) => {
        const items = await listEvidence(ctx, actor, params.id, params.seq);
        return { items: items.map((f) => presentEvidence(params.id, f)) };
      },
    );

    route.get(
      `${base}/:fileId`,
      '佐证材料 An evidence file (staff)',
      { params: EvidenceParams, response: { 200: EvidenceContent }, allow: mayReadProjects },
      async ({ actor, params, reply }) => {
        const f = await loadEvidence(ctx, actor, params.id, params.seq, params.fileId);
        const extension =
          f.content_type === 'application/pdf' ? 'pdf' : f.content_type.slice('image/'.length);
        return reply
          .header('content-type', f.content_type)
          .header('cache-control', 'private, max-age=86400')
          .header('content-disposition', `inline; filename="evidence-${f.id}.${extension}"`)
          .send(Buffer.from(f.data));
      },
    );

    route.delete(
      `${base}/:fileId`,
      '删除佐证材料 Remove an evidence file from a milestone; the change log records who removed which file',
      { params: EvidenceParams, response: { 200: EvidenceList }, errors: [403] },
      async ({ actor, params }) => {
        await removeEvidence(ctx, { actor, projectId: params.id, seq: params.seq, fileId: params.fileId });
        const items = await listEvidence(ctx, actor, params.id, params.seq);
        return { items: items.map((f) => presentEvidence(params.id, f)) };
      },
    );
  };
}
