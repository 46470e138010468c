/**
 * Admins attach service attributes (GeoReport "service definitions") to categories. An attribute on a 二级
 * category applies to all its 三级 children; a child may override it with the same code.
 */
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { isAdmin } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { ATTRIBUTE_CODE, isListType } from './attributes.js';
import { Catalogue, toDefinition } from './catalogue.js';
import { ATTRIBUTE_DATATYPES, o311, type AttributeDatatype } from './schema.js';

const Params = z.object({ code: z.string().min(1).max(100), attr: z.string().regex(ATTRIBUTE_CODE) });

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const AttributeBody = z
  .object({
    variable: z.boolean().default(true),
    datatype: z.enum(ATTRIBUTE_DATATYPES as [AttributeDatatype, ...AttributeDatatype[]]),
    required: z.boolean().default(false),
    datatype_description: optionalText(500),
    order: z.number().int().min(1).max(10_000).nullable().optional(),
    description: optionalText(2000),
    values: z
      .array(
        z
          .object({
            key: z
              .string()
              .trim()
              .min(1)
              .max(100)
              .regex(/^[^,\u0000-\u001f]+$/, 'no commas or control characters'),
            name: z.string().trim().min(1).max(200),
          })
          .strict(),
      )
      .max(200)
      .optional(),
  })
  .strict()
  .superRefine((b, c) => {
    const values = b.values ?? [];
    if (isListType(b.datatype) && values.length === 0)
      c.addIssue({ code: 'custom', path: ['values'], message: 'a list attribute needs values' });
    if (!isListType(b.datatype) && values.length > 0)
      c.addIssue({ code: 'custom', path: ['values'], message: 'only list attributes take values' });
    const keys = values.map((v) => v.key);
    if (new Set(keys).size !== keys.length)
      c.addIssue({ code: 'custom', path: ['values'], message: 'keys must be unique' });
    if (!b.variable && b.required)
      c.addIssue({
        code: 'custom',
        path: ['required'],
        message: 'an informational attribute cannot be required',
      });
  });

export function open311AdminRoutes(api: ApiRegistry, ctx: AppContext): void {
  const requireCategory = async (j: string, code: string) => {
    const c = await ctx.db
      .selectFrom('categories')
      .select('code')
      .where('jurisdiction_id', '=', j)
      .where('code', '=', code)
      .executeTakeFirst();
    if (!c) throw new AppError('not_found', { category_code: code });
  };

  api.route({
    method: 'GET',
    url: '/api/v1/categories/:code/attributes',
    tag: 'reference',
    summary: '分类附加字段 Service attributes of a category (own and inherited)',
    auth: 'public',
    params: z.object({ code: z.string().min(1).max(100) }),
    handler: async ({ actor, params }) => {
      const j = actor?.jurisdictionId ?? ctx.config.defaultJurisdiction;
      const cat = await Catalogue.load(ctx.db, j);
      if (!cat.get(params.code)) throw new AppError('not_found', { category_code: params.code });
      const own = await o311(ctx.db)
        .selectFrom('category_attributes')
        .selectAll()
        .where('jurisdiction_id', '=', j)
        .where('category_code', '=', params.code)
        .orderBy('sort_order')
        .orderBy('code')
        .execute();
      return {
        category_code: params.code,
        items: own.map(toDefinition),
        effective: cat.attributesFor(params.code),
      };
    },
  });

  api.route({
    method: 'PUT',
    url: '/api/v1/admin/categories/:code/attributes/:attr',
    tag: 'admin',
    summary: '新增或修改分类附加字段 Upsert a service attribute (Open311 service definition)',
    auth: 'actor',
    params: Params,
    body: AttributeBody,
    handler: async ({ actor, params, body }) => {
      if (!isAdmin(actor)) throw new AppError('forbidden');
      await requireCategory(actor.jurisdictionId, params.code);
      const values = {
        variable: body.variable,
        datatype: body.datatype,
        required: body.required,
        datatype_description: body.datatype_description ?? null,
        sort_order: body.order ?? null,
        description: body.description ?? null,
        list_values: JSON.stringify(body.values ?? []),
        updated_at: ctx.now(),
      };
      const row = await o311(ctx.db)
        .insertInto('category_attributes')
        .values({
          jurisdiction_id: actor.jurisdictionId,
          category_code: params.code,
          code: params.attr,
          ...values,
        })
        .onConflict((oc) => oc.columns(['jurisdiction_id', 'category_code', 'code']).doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
      return { category_code: params.code, ...toDefinition(row) };
    },
  });

  api.route({
    method: 'DELETE',
    url: '/api/v1/admin/categories/:code/attributes/:attr',
    tag: 'admin',
    summary: '删除分类附加字段 Delete a service attribute',
    auth: 'actor',
    params: Params,
    handler: async ({ actor, params }) => {
      if (!isAdmin(actor)) throw new AppError('forbidden');
      const res = await o311(ctx.db)
        .deleteFrom('category_attributes')
        .where('jurisdiction_id', '=', actor.jurisdictionId)
        .where('category_code', '=', params.code)
        .where('code', '=', params.attr)
        .executeTakeFirst();
      if (Number(res.numDeletedRows) !== 1) throw new AppError('not_found');
      return { ok: true };
    },
  });
}
