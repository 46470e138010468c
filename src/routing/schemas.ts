/** Reference data as the API takes and answers it: departments, areas, categories, SLA profiles. */
import { z } from 'zod';
import { AREA_LEVELS, DEPARTMENT_KINDS } from '../db/schema.js';
import { Latitude, Longitude, RequestTypeInput } from '../http/inputs.js';
import { itemsOf } from '../http/responses.js';

const Code = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/);
const Name = z.string().trim().min(1).max(100);
const ParentCode = z.string().nullable().optional();
/** What every entry of reference data has: its code and its name. */
const entry = { code: Code, name: Name };

export const CodeParams = z.object({ code: z.string().min(1).max(100) });

const Position = z.tuple([z.number(), z.number()]);
const Ring = z.array(Position).min(4);
const Polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1) });
const MultiPolygon = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(Ring).min(1)).min(1),
});
const Geometry = z.union([Polygon, MultiPolygon]);

export const DepartmentBody = z
  .object({
    ...entry,
    kind: z.enum(DEPARTMENT_KINDS),
    area_code: z.string().nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const AreaBody = z
  .object({
    ...entry,
    level: z.enum(AREA_LEVELS),
    parent_code: ParentCode,
    geometry: Geometry.nullable().optional(),
    approximate: z.boolean().optional(),
  })
  .strict();

export const CategoryBody = z
  .object({
    ...entry,
    level: z.number().int().min(1).max(3),
    parent_code: ParentCode,
    default_department_code: z.string().nullable().optional(),
    request_types: z.array(RequestTypeInput).min(1).optional(),
    sla_profile_code: z.string().optional(),
    active: z.boolean().optional(),
    /** Words that mark a message as of this category, for routing by the finest category. */
    keywords: z.array(z.string().trim().min(1).max(20)).max(50).optional(),
  })
  .strict();

const workingDays = (max: number, min = 0) => z.number().int().min(min).max(max);
const hours = (max: number) => z.number().int().min(1).max(max);

export const SlaBody = z
  .object({
    ...entry,
    sign_working_days: workingDays(30),
    contact_working_days: workingDays(30),
    reply_working_days: workingDays(90, 1),
    urgent_sign_hours: hours(72),
    urgent_contact_hours: hours(72),
    urgent_reply_hours: hours(720),
    max_extension_working_days: workingDays(60),
  })
  .strict();

export const AreasQuery = z
  .object({
    geometry: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  })
  .strict();

export const LocateQuery = z
  .object({ lat: z.coerce.number().pipe(Latitude), lon: z.coerce.number().pipe(Longitude) })
  .strict();

export const PinCheckQuery = z
  .object({
    lat: z.coerce.number().pipe(Latitude),
    lon: z.coerce.number().pipe(Longitude),
    /** The address as typed (empty: only the pin's areas). */
    address: z.string().max(300).default(''),
  })
  .strict();

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────────

const jurisdiction = { jurisdiction_id: z.string() };

const departmentFields = {
  code: z.string(),
  name: z.string(),
  kind: z.enum(DEPARTMENT_KINDS),
  area_code: z.string().nullable(),
  active: z.boolean(),
};
export const Department = z.strictObject(departmentFields).meta({ id: 'Department' });
export const SavedDepartment = z.strictObject({ ...jurisdiction, ...departmentFields });

export const LocatedArea = z.strictObject({
  code: z.string(),
  name: z.string(),
  level: z.enum(AREA_LEVELS),
  parent_code: z.string().nullable(),
});
const NamedArea = z.strictObject({ code: z.string(), name: z.string() });
export const PinCheck = z.strictObject({
  street: NamedArea.nullable(),
  community: NamedArea.nullable(),
  named: z.array(LocatedArea),
  disagreeing: z.array(z.string()),
});
export const Area = z.strictObject({ ...LocatedArea.shape, approximate: z.boolean() });
/** An area in a list: with its polygon when `geometry=true` was asked. */
const ListedArea = z.strictObject({ ...Area.shape, geometry: Geometry.nullable().optional() });

const categoryFields = {
  code: z.string(),
  name: z.string(),
  level: z.number().int(),
  parent_code: z.string().nullable(),
  default_department_code: z.string().nullable(),
  request_types: z.array(RequestTypeInput),
  sla_profile_code: z.string(),
  active: z.boolean(),
  keywords: z.array(z.string()),
};
export const Category = z.strictObject(categoryFields).meta({ id: 'Category' });
export const SavedCategory = z.strictObject({ ...jurisdiction, ...categoryFields });

export const SlaProfile = z
  .strictObject({
    ...jurisdiction,
    ...SlaBody.shape,
    code: z.string(),
    name: z.string(),
  })
  .meta({ id: 'SlaProfile' });

export const DepartmentList = itemsOf(Department);
export const AreaList = itemsOf(ListedArea);
export const CategoryList = itemsOf(Category);
export const SlaProfileList = itemsOf(SlaProfile);
