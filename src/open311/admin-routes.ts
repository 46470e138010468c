/**
 * Admins attach service attributes (GeoReport "service definitions") to categories. An attribute on a 二级
 * category applies to all its 三级 children; a child may override it with the same code.
 */
import type { AppContext } from '../context.js';
import { jurisdictionOf } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { mayManageReference } from '../http/policies.js';
import { Ok } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { deleteAttribute, upsertAttribute } from './attribute-commands.js';
import { Catalogue, toDefinition } from './catalogue.js';
import { ownAttributes } from './queries.js';
import {
  AttributeBody,
  AttributeParams,
  CategoryAttributes,
  CategoryParams,
  SavedAttribute,
} from './schemas.js';

export function open311AdminRoutes(api: ApiRegistry, ctx: AppContext): void {
  const reference = api.feature('reference', 'public');
  reference.get(
    '/api/v1/categories/:code/attributes',
    '分类附加字段 Service attributes of a category (own and inherited)',
    { params: CategoryParams, response: { 200: CategoryAttributes } },
    async ({ actor, params }) => {
      const j = jurisdictionOf(actor, ctx.config.defaultJurisdiction);
      const [cat, own] = await Promise.all([Catalogue.load(ctx, j), ownAttributes(ctx, j, params.code)]);
      if (!cat.get(params.code)) throw new AppError('not_found', { category_code: params.code });
      return {
        category_code: params.code,
        items: own.map(toDefinition),
        effective: cat.attributesFor(params.code),
      };
    },
  );

  const admin = api.feature('admin');
  admin.put(
    '/api/v1/admin/categories/:code/attributes/:attr',
    '新增或修改分类附加字段 Upsert a service attribute (Open311 service definition)',
    {
      params: AttributeParams,
      body: AttributeBody,
      response: { 200: SavedAttribute },
      allow: mayManageReference,
    },
    async ({ actor, params, body }) =>
      upsertAttribute(ctx, {
        jurisdictionId: actor.jurisdictionId,
        categoryCode: params.code,
        code: params.attr,
        input: body,
      }),
  );

  admin.delete(
    '/api/v1/admin/categories/:code/attributes/:attr',
    '删除分类附加字段 Delete a service attribute',
    { params: AttributeParams, response: { 200: Ok }, allow: mayManageReference },
    async ({ actor, params }) => {
      const deleted = await deleteAttribute(ctx, {
        jurisdictionId: actor.jurisdictionId,
        categoryCode: params.code,
        code: params.attr,
      });
      if (!deleted) throw new AppError('not_found');
      return { ok: true };
    },
  );
}
