import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { isAdmin } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { bbox } from './geo.js';
import { locatePoint } from './areas.js';
import { referenceCache } from './reference-cache.js';

const Code = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/);
const CodeParams = z.object({ code: z.string().min(1).max(100) });
const Polygon = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(z.tuple([z.number(), z.number()])).min(4)).min(1),
});
const MultiPolygon = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(z.array(z.tuple([z.number(), z.number()])).min(4)).min(1)).min(1),
});
const Geometry = z.union([Polygon, MultiPolygon]);

const DepartmentBody = z
  .object({
    code: Code,
    name: z.string().trim().min(1).max(100),
    kind: z.enum(['bureau', 'street_office', 'community', 'utility']),
    area_code: z.string().nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();

const AreaBody = z
  .object({
    code: Code,
    name: z.string().trim().min(1).max(100),
    level: z.enum(['district', 'street', 'community', 'grid']),
    parent_code: z.string().nullable().optional(),
    geometry: Geometry.nullable().optional(),
    approximate: z.boolean().optional(),
  })
  .strict();

const CategoryBody = z
  .object({
    code: Code,
    name: z.string().trim().min(1).max(100),
    level: z.number().int().min(1).max(3),
    parent_code: z.string().nullable().optional(),
    default_department_code: z.string().nullable().optional(),
    request_types: z
      .array(z.enum(['咨询', '求助', '投诉', '举报', '建议']))
      .min(1)
      .optional(),
    sla_profile_code: z.string().optional(),
    active: z.boolean().optional(),
  })
  .strict();

const SlaBody = z
  .object({
    code: Code,
    name: z.string().trim().min(1).max(100),
    sign_working_days: z.number().int().min(0).max(30),
    contact_working_days: z.number().int().min(0).max(30),
    reply_working_days: z.number().int().min(1).max(90),
    urgent_sign_hours: z.number().int().min(1).max(72),
    urgent_contact_hours: z.number().int().min(1).max(72),
    urgent_reply_hours: z.number().int().min(1).max(720),
    max_extension_working_days: z.number().int().min(0).max(60),
  })
  .strict();

function requireAdmin(actor: Parameters<typeof isAdmin>[0]) {
  if (!isAdmin(actor)) throw new AppError('forbidden');
}

/** A parent may not be the item itself or one of its descendants: hierarchies are walked up to the root. */
async function assertAcyclic(
  db: AppContext['db'],
  table: 'areas' | 'categories',
  jurisdictionId: string,
  code: string,
  parentCode: string | null,
) {
  const rows = await db
    .selectFrom(table)
    .select(['code', 'parent_code'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .execute();
  const parentOf = new Map(rows.map((r) => [r.code, r.parent_code]));
  const seen = new Set<string>();
  for (let p = parentCode; p !== null && p !== undefined; p = parentOf.get(p) ?? null) {
    if (p === code || seen.has(p)) {
      throw new AppError('validation_failed', {
        issues: [{ path: 'parent_code', message: 'would make a cycle of parents' }],
      });
    }
    seen.add(p);
  }
}

/** Turns a foreign-key or unique violation into a 4xx instead of a 500. */
function dbConflict(err: unknown): never {
  const code = (err as { code?: string }).code;
  if (code === '23503') throw new AppError('unknown_reference', { reason: (err as Error).message });
  if (code === '23505') throw new AppError('conflict', { reason: (err as Error).message });
  throw err;
}

export function referenceRoutes(api: ApiRegistry, ctx: AppContext) {
  api.route({
    method: 'GET',
    url: '/api/v1/departments',
    tag: 'reference',
    summary: '部门 Departments',
    auth: 'public',
    handler: async ({ actor }) => ({
      items: await ctx.db
        .selectFrom('departments')
        .select(['code', 'name', 'kind', 'area_code', 'active'])
        .where('jurisdiction_id', '=', actor?.jurisdictionId ?? ctx.config.defaultJurisdiction)
        .orderBy('kind')
        .orderBy('code')
        .execute(),
    }),
  });
  api.route({
    method: 'GET',
    url: '/api/v1/areas',
    tag: 'reference',
    summary: '区域 Areas (district → street → community → grid)',
    auth: 'public',
    query: z.object({ geometry: z.enum(['true', 'false']).default('false') }).strict(),
    handler: async ({ actor, query }) => ({
      items: await ctx.db
        .selectFrom('areas')
        .select(['code', 'name', 'level', 'parent_code', 'approximate'])
        .$if(query.geometry === 'true', (q) => q.select('geometry'))
        .where('jurisdiction_id', '=', actor?.jurisdictionId ?? ctx.config.defaultJurisdiction)
        .orderBy('code')
        .execute(),
    }),
  });
  api.route({
    method: 'GET',
    url: '/api/v1/areas/locate',
    tag: 'reference',
    summary: '坐标定位区域 Area containing a coordinate',
    auth: 'public',
    query: z
      .object({ lat: z.coerce.number().min(-90).max(90), lon: z.coerce.number().min(-180).max(180) })
      .strict(),
    handler: async ({ actor, query }) => {
      const area = await locatePoint(
        ctx.db,
        actor?.jurisdictionId ?? ctx.config.defaultJurisdiction,
        query.lon,
        query.lat,
      );
      if (!area) throw new AppError('outside_jurisdiction', query);
      return area;
    },
  });
  api.route({
    method: 'GET',
    url: '/api/v1/categories',
    tag: 'reference',
    summary: '分类 Categories (3 levels)',
    auth: 'public',
    handler: async ({ actor }) => ({
      items: await ctx.db
        .selectFrom('categories')
        .select([
          'code',
          'name',
          'level',
          'parent_code',
          'default_department_code',
          'request_types',
          'sla_profile_code',
          'active',
        ])
        .where('jurisdiction_id', '=', actor?.jurisdictionId ?? ctx.config.defaultJurisdiction)
        .orderBy('code')
        .execute(),
    }),
  });
  api.route({
    method: 'GET',
    url: '/api/v1/sla-profiles',
    tag: 'reference',
    summary: '时限配置 SLA profiles',
    auth: 'actor',
    handler: async ({ actor }) => ({
      items: await ctx.db
        .selectFrom('sla_profiles')
        .selectAll()
        .where('jurisdiction_id', '=', actor.jurisdictionId)
        .orderBy('code')
        .execute(),
    }),
  });

  api.route({
    method: 'PUT',
    url: '/api/v1/admin/departments/:code',
    tag: 'admin',
    summary: '新增或修改部门 Upsert a department',
    auth: 'actor',
    params: CodeParams,
    body: DepartmentBody,
    handler: async ({ actor, params, body }) => {
      requireAdmin(actor);
      if (body.code !== params.code)
        throw new AppError('validation_failed', {
          issues: [{ path: 'code', message: 'must match the URL' }],
        });
      const values = { jurisdiction_id: actor.jurisdictionId, ...body, area_code: body.area_code ?? null };
      return ctx.db
        .insertInto('departments')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['jurisdiction_id', 'code']).doUpdateSet({
            name: body.name,
            kind: body.kind,
            area_code: values.area_code,
            active: body.active ?? true,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch(dbConflict)
        .finally(() => referenceCache(ctx.db).invalidate(actor.jurisdictionId));
    },
  });
  api.route({
    method: 'PUT',
    url: '/api/v1/admin/areas/:code',
    tag: 'admin',
    summary: '新增或修改区域 Upsert an area (GeoJSON polygon)',
    auth: 'actor',
    params: CodeParams,
    body: AreaBody,
    handler: async ({ actor, params, body }) => {
      requireAdmin(actor);
      if (body.code !== params.code)
        throw new AppError('validation_failed', {
          issues: [{ path: 'code', message: 'must match the URL' }],
        });
      await assertAcyclic(ctx.db, 'areas', actor.jurisdictionId, body.code, body.parent_code ?? null);
      const geometry = body.geometry ?? null;
      const box = geometry ? bbox(geometry) : { min_lon: null, min_lat: null, max_lon: null, max_lat: null };
      const values = {
        jurisdiction_id: actor.jurisdictionId,
        code: body.code,
        name: body.name,
        level: body.level,
        parent_code: body.parent_code ?? null,
        geometry: JSON.stringify(geometry),
        approximate: body.approximate ?? false,
        ...box,
      };
      const { jurisdiction_id: _j, code: _c, ...update } = values;
      const row = await ctx.db
        .insertInto('areas')
        .values(values)
        .onConflict((oc) => oc.columns(['jurisdiction_id', 'code']).doUpdateSet(update))
        .returning(['code', 'name', 'level', 'parent_code', 'approximate'])
        .executeTakeFirstOrThrow()
        .catch(dbConflict)
        .finally(() => referenceCache(ctx.db).invalidate(actor.jurisdictionId));
      return row;
    },
  });
  api.route({
    method: 'PUT',
    url: '/api/v1/admin/categories/:code',
    tag: 'admin',
    summary: '新增或修改分类 Upsert a category',
    auth: 'actor',
    params: CodeParams,
    body: CategoryBody,
    handler: async ({ actor, params, body }) => {
      requireAdmin(actor);
      if (body.code !== params.code)
        throw new AppError('validation_failed', {
          issues: [{ path: 'code', message: 'must match the URL' }],
        });
      await assertAcyclic(ctx.db, 'categories', actor.jurisdictionId, body.code, body.parent_code ?? null);
      const values = {
        jurisdiction_id: actor.jurisdictionId,
        code: body.code,
        name: body.name,
        level: body.level,
        parent_code: body.parent_code ?? null,
        default_department_code: body.default_department_code ?? null,
        request_types: JSON.stringify(body.request_types ?? ['咨询', '求助', '投诉', '举报', '建议']),
        sla_profile_code: body.sla_profile_code ?? 'ordinary',
        active: body.active ?? true,
      };
      const { jurisdiction_id: _j, code: _c, ...update } = values;
      return ctx.db
        .insertInto('categories')
        .values(values)
        .onConflict((oc) => oc.columns(['jurisdiction_id', 'code']).doUpdateSet(update))
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch(dbConflict)
        .finally(() => referenceCache(ctx.db).invalidate(actor.jurisdictionId));
    },
  });
  api.route({
    method: 'PUT',
    url: '/api/v1/admin/sla-profiles/:code',
    tag: 'admin',
    summary: '新增或修改时限配置 Upsert an SLA profile',
    auth: 'actor',
    params: CodeParams,
    body: SlaBody,
    handler: async ({ actor, params, body }) => {
      requireAdmin(actor);
      if (body.code !== params.code)
        throw new AppError('validation_failed', {
          issues: [{ path: 'code', message: 'must match the URL' }],
        });
      const { code: _c, ...update } = body;
      return ctx.db
        .insertInto('sla_profiles')
        .values({ jurisdiction_id: actor.jurisdictionId, ...body })
        .onConflict((oc) => oc.columns(['jurisdiction_id', 'code']).doUpdateSet(update))
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch(dbConflict)
        .finally(() => referenceCache(ctx.db).invalidate(actor.jurisdictionId));
    },
  });
}
