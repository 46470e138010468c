import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { mayManageReference } from '../http/policies.js';
import { listItems, type ApiRegistry } from '../http/route.js';
import { checkPin, locatePoint } from './areas.js';
import type { Upsert } from './commands/common.js';
import { upsertArea } from './commands/upsert-area.js';
import { upsertCategory } from './commands/upsert-category.js';
import { upsertDepartment } from './commands/upsert-department.js';
import { upsertSlaProfile } from './commands/upsert-sla-profile.js';
import { listAreas, listCategories, listDepartments, listSlaProfiles } from './queries.js';
import {
  Area,
  AreaBody,
  AreaList,
  AreasQuery,
  CategoryBody,
  CategoryList,
  CodeParams,
  DepartmentBody,
  DepartmentList,
  LocatedArea,
  LocateQuery,
  PinCheck,
  PinCheckQuery,
  SavedCategory,
  SavedDepartment,
  SlaBody,
  SlaProfile,
  SlaProfileList,
} from './schemas.js';

export function referenceRoutes(api: ApiRegistry, ctx: AppContext) {
  const jurisdictionOf = (actor: Actor | null) => actor?.jurisdictionId ?? ctx.config.defaultJurisdiction;

  const route = api.feature('reference', 'public');

  route.get(
    '/api/v1/departments',
    '部门 Departments',
    { response: { 200: DepartmentList } },
    listItems(ctx, listDepartments),
  );
  route.get(
    '/api/v1/areas',
    '区域 Areas (district → street → community → grid)',
    { query: AreasQuery, response: { 200: AreaList } },
    async ({ actor, query }) => ({
      items: await listAreas(ctx, jurisdictionOf(actor), { geometry: query.geometry }),
    }),
  );
  route.get(
    '/api/v1/areas/locate',
    '坐标定位区域 Area containing a coordinate',
    { query: LocateQuery, response: { 200: LocatedArea }, errors: [422] },
    async ({ actor, query }) => {
      const area = await locatePoint(ctx, jurisdictionOf(actor), query.lon, query.lat);
      if (!area) throw new AppError('outside_jurisdiction', query);
      return area;
    },
  );
  route.get(
    '/api/v1/areas/at',
    '地图位置与地址核对 The street/town and community of a map pin, and the areas a typed address names that do not hold it',
    { query: PinCheckQuery, response: { 200: PinCheck }, errors: [422] },
    async ({ actor, query }) => {
      const check = await checkPin(ctx, jurisdictionOf(actor), query);
      if (!check) throw new AppError('outside_jurisdiction', { lat: query.lat, lon: query.lon });
      return check;
    },
  );
  route.get(
    '/api/v1/categories',
    '分类 Categories (3 levels)',
    { response: { 200: CategoryList } },
    listItems(ctx, listCategories),
  );
  route.get(
    '/api/v1/sla-profiles',
    '时限配置 SLA profiles',
    { auth: 'actor', response: { 200: SlaProfileList } },
    listItems(ctx, listSlaProfiles),
  );

  /** PUT /api/v1/admin/{what}/:code: an admin adds or changes one item of reference data. */
  const admin = api.feature('admin');
  const upsertRoute = <B extends z.ZodType>(what: {
    path: string;
    summary: string;
    body: B;
    response: z.ZodType;
    upsert: (ctx: AppContext, opts: Upsert<z.output<B>>) => Promise<unknown>;
  }) =>
    admin.put(
      `/api/v1/admin/${what.path}/:code`,
      what.summary,
      {
        params: CodeParams,
        body: what.body,
        response: { 200: what.response },
        errors: [409, 422],
        allow: mayManageReference,
      },
      async ({ actor, params, body }) =>
        what.upsert(ctx, { jurisdictionId: actor.jurisdictionId, code: params.code, input: body }),
    );

  upsertRoute({
    path: 'departments',
    summary: '新增或修改部门 Upsert a department',
    body: DepartmentBody,
    response: SavedDepartment,
    upsert: upsertDepartment,
  });
  upsertRoute({
    path: 'areas',
    summary: '新增或修改区域 Upsert an area (GeoJSON polygon)',
    body: AreaBody,
    response: Area,
    upsert: upsertArea,
  });
  upsertRoute({
    path: 'categories',
    summary: '新增或修改分类 Upsert a category',
    body: CategoryBody,
    response: SavedCategory,
    upsert: upsertCategory,
  });
  upsertRoute({
    path: 'sla-profiles',
    summary: '新增或修改时限配置 Upsert an SLA profile',
    body: SlaBody,
    response: SlaProfile,
    upsert: upsertSlaProfile,
  });
}
