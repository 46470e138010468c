/** The mySociety/FixMyStreet extension: GET servicerequestupdates.{fmt} (the feed), POST (a client's update). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { applyOpen311Update } from '../commands.js';
import { dateWindow, paging, readUpdate } from '../inputs.js';
import { presentUpdate, reporterMask, type Mask } from '../presenter.js';
import { feedWithNames } from '../queries.js';
import { FORMATS, getParams, postParams, send, type CallContext } from './support.js';
import { readerFor } from '../../http/read-replica.js';

export function updateRoutes(scope: FastifyInstance, ctx: AppContext, call: CallContext) {
  for (const format of FORMATS) {
    scope.get(`/servicerequestupdates.${format}`, call.limited, async (req, reply) => {
      const p = getParams(req);
      const j = await call.jurisdiction(p);
      const { events, names } = await feedWithNames(readerFor(ctx, req), j.jurisdiction_id, {
        ...dateWindow(p, ctx.now()),
        ids: p.list('service_request_id'),
        ...paging(p),
      });
      // One mask per request of the page: its names are decrypted once, not per event.
      const masks = new Map<number, Mask>();
      const maskOf = (e: (typeof events)[number]) => {
        let m = masks.get(e.request_id);
        if (!m) masks.set(e.request_id, (m = reporterMask(ctx.vault, e.reporter_name_enc, e.name_enc)));
        return m;
      };
      return send(
        reply,
        format,
        'service_request_updates',
        events.map((e) => presentUpdate(e, names, j.timezone, maskOf(e))),
      );
    });

    scope.post(`/servicerequestupdates.${format}`, call.writeLimited, async (req, reply) => {
      const p = postParams(req);
      const j = await call.jurisdiction(p);
      const actor = await call.apiKey(p, req, j);
      const result = await applyOpen311Update(ctx, actor, readUpdate(p));
      return send(reply, format, 'service_request_updates', [{ update_id: result.updateId }]);
    });
  }
}
