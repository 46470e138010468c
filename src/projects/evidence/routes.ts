import type { FastifyError, FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError, errorBody } from '../../http/errors.js';
import { mayReadProjects } from '../../http/policies.js';
import type { ApiRegistry } from '../../http/route.js';
import {
  EVIDENCE_TYPES,
  isEvidenceType,
  MAX_EVIDENCE_BYTES,
  MAX_FILES_PER_MILESTONE,
  sniffEvidence,
} from './files.js';
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
    scope.addContentTypeParser(
      [...EVIDENCE_TYPES],
      { parseAs: 'buffer', bodyLimit: MAX_EVIDENCE_BYTES },
      (_req, body, done) => done(null, body),
    );
    scope.setErrorHandler((err: FastifyError, _req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        return reply.code(413).send(errorBody('payload_too_large', { limit_bytes: MAX_EVIDENCE_BYTES }));
      throw err;
    });
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
        const declared = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (!isEvidenceType(declared))
          throw new AppError('unsupported_media_type', { accepted: EVIDENCE_TYPES.join(', ') });
        const body = req.body;
        if (!(body instanceof Buffer) || body.length === 0)
          throw new AppError('validation_failed', {
            issues: [{ path: '', message: 'a file body is required' }],
          });
        if (sniffEvidence(body) !== declared)
          throw new AppError('unsupported_media_type', { reason: 'the bytes are not a ' + declared });
        const created = await addEvidence(ctx, {
          actor,
          projectId: params.id,
          seq: params.seq,
          contentType: declared,
          data: body,
        });
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
