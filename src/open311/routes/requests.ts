/**
 * Service requests: GET requests.{fmt} (search or ids), POST requests.{fmt} (file one), GET
 * requests/{service_request_id}.{fmt} and GET tokens/{token}.{fmt}.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { Catalogue } from '../catalogue.js';
import { createOpen311Request } from '../commands.js';
import { readNewRequest, readRequestSearch } from '../inputs.js';
import { notFound } from '../params.js';
import { presentRequest, reporterMask, statusNotes } from '../presenter.js';
import { findRequestsWithEvents, requestByToken } from '../queries.js';
import { readerFor } from '../../http/read-replica.js';
import {
  FORMATS,
  getParams,
  postParams,
  send,
  splitFormat,
  type CallContext,
  type Jurisdiction,
} from './support.js';

type Found = Awaited<ReturnType<typeof findRequestsWithEvents>>;

export function requestRoutes(scope: FastifyInstance, ctx: AppContext, call: CallContext) {
  /** Each request with its status notes, masked as every public output is. */
  const present = (j: Jurisdiction, cat: Catalogue, { rows, events, names }: Found) =>
    rows.map((r) => {
      const mask = reporterMask(ctx.vault, r.reporter_name_enc, r.name_enc);
      const notes = statusNotes(r.status, events.get(r.id) ?? [], names, r.ticket_no, mask);
      return presentRequest(r, cat, notes, j.timezone, mask);
    });

  for (const format of FORMATS) {
    scope.get(`/requests.${format}`, call.limited, async (req, reply) => {
      const p = getParams(req);
      const j = await call.jurisdiction(p);
      const reader = readerFor(ctx, req);
      const cat = await Catalogue.load(reader, j.jurisdiction_id);
      const found = await findRequestsWithEvents(
        reader,
        j.jurisdiction_id,
        readRequestSearch(p, cat, ctx.now()),
      );
      return send(reply, format, 'service_requests', present(j, cat, found));
    });

    scope.post(`/requests.${format}`, call.writeLimited, async (req, reply) => {
      const p = postParams(req);
      const j = await call.jurisdiction(p);
      const actor = await call.apiKey(p, req, j);
      const cat = await Catalogue.load(ctx, j.jurisdiction_id);
      const input = await readNewRequest(ctx, p, cat, j.jurisdiction_id);
      const created = await createOpen311Request(ctx, actor, cat, input);
      return send(reply, format, 'service_requests', [
        {
          service_request_id: created.request.ticket_no,
          token: created.token,
          service_notice: created.serviceNotice,
          account_id: created.accountId,
        },
      ]);
    });
  }

  scope.get('/requests/:file', call.limited, async (req, reply) => {
    const [id, format] = splitFormat((req.params as { file: string }).file);
    const j = await call.jurisdiction(getParams(req));
    const reader = readerFor(ctx, req);
    const cat = await Catalogue.load(reader, j.jurisdiction_id);
    const found = await findRequestsWithEvents(reader, j.jurisdiction_id, { kind: 'ids', ids: [id] });
    if (found.rows.length === 0) throw notFound(`service_request_id not found: ${id.slice(0, 80)}`);
    return send(reply, format, 'service_requests', present(j, cat, found));
  });

  scope.get('/tokens/:file', call.limited, async (req, reply) => {
    const [token, format] = splitFormat((req.params as { file: string }).file);
    const j = await call.jurisdiction(getParams(req));
    const found = await requestByToken(readerFor(ctx, req), j.jurisdiction_id, token);
    if (!found) throw notFound(`token not found: ${token.slice(0, 80)}`);
    return send(reply, format, 'service_requests', [
      { service_request_id: found.ticket_no, token: found.token },
    ]);
  });
}
