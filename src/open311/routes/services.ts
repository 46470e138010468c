/** GET services.{fmt} (the offered 三级 categories) and services/{service_code}.{fmt} (a definition). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { Catalogue } from '../catalogue.js';
import { notFound } from '../params.js';
import { FORMATS, getParams, send, splitFormat, type CallContext } from './support.js';
import { readerFor } from '../../http/read-replica.js';

export function serviceRoutes(scope: FastifyInstance, ctx: AppContext, call: CallContext) {
  const catalogueOf = async (req: Parameters<typeof getParams>[0]) =>
    Catalogue.load(readerFor(ctx, req), (await call.jurisdiction(getParams(req))).jurisdiction_id);

  for (const format of FORMATS)
    scope.get(`/services.${format}`, call.limited, async (req, reply) =>
      send(reply, format, 'services', (await catalogueOf(req)).services()),
    );

  scope.get('/services/:file', call.limited, async (req, reply) => {
    const [code, format] = splitFormat((req.params as { file: string }).file);
    const cat = await catalogueOf(req);
    if (!cat.offers(code)) throw notFound(`service_code not found: ${code.slice(0, 80)}`);
    const attributes = cat.attributesFor(code).map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatype_description,
      order: a.order,
      description: a.description,
      ...(a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist'
        ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) }
        : {}),
    }));
    return send(reply, format, 'service_definition', { service_code: code, attributes });
  });
}
