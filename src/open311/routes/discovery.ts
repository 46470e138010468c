/** GET discovery.{fmt}: where this server is and how to get a key. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { listJurisdictions } from '../queries.js';
import { FORMATS, OPEN311_PREFIX, send, type CallContext } from './support.js';

/** When this implementation's behaviour last changed (discovery's changeset). */
export const CHANGESET = '2025-06-01T00:00:00+08:00';

export function discoveryRoutes(scope: FastifyInstance, ctx: AppContext, call: CallContext) {
  for (const format of FORMATS)
    scope.get(`/discovery.${format}`, call.limited, async (req, reply) => {
      const all = await listJurisdictions(ctx);
      const home = all.find((j) => j.jurisdiction_id === ctx.config.defaultJurisdiction) ?? all[0];
      const settings = (home?.settings ?? {}) as Record<string, unknown>;
      const contact =
        typeof settings.open311_contact === 'string'
          ? settings.open311_contact
          : `${home?.name ?? ''} 12345政务服务便民热线；接口问题请联系平台管理员`;
      return send(reply, format, 'discovery', {
        changeset: CHANGESET,
        contact,
        key_service:
          'API 密钥由平台管理员在控制台创建（POST /api/v1/admin/api-keys），或在服务器上运行 banshi apikey create --name NAME',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${ctx.config.publicUrl}${OPEN311_PREFIX}`,
            changeset: CHANGESET,
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });
    });
}
