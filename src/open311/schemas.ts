/** The /api/v1 side of Open311: service attributes (GeoReport service definitions) as admins edit them. */
import { z } from 'zod';
import { ATTRIBUTE_CODE, isListType } from './attributes.js';
import { ATTRIBUTE_DATATYPES, type AttributeDatatype } from './schema.js';

export const CategoryParams = z.object({ code: z.string().min(1).max(100) });
export const AttributeParams = CategoryParams.extend({ attr: z.string().regex(ATTRIBUTE_CODE) });

const Datatype = z.enum(ATTRIBUTE_DATATYPES as [AttributeDatatype, ...AttributeDatatype[]]);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const AttributeBody = z
  .object({
    variable: z.boolean().default(true),
    datatype: Datatype,
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
export type AttributeInput = z.output<typeof AttributeBody>;

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────────

const definitionFields = {
  code: z.string(),
  variable: z.boolean(),
  datatype: Datatype,
  required: z.boolean(),
  datatype_description: z.string().nullable(),
  order: z.number().int().nullable(),
  description: z.string().nullable(),
  values: z.array(z.strictObject({ key: z.string(), name: z.string() })),
};
const Definition = z.strictObject(definitionFields);

export const CategoryAttributes = z.strictObject({
  category_code: z.string(),
  /** Defined on the category itself. */
  items: z.array(Definition),
  /** What applies to it: its own and its parent's (a child's code overrides the parent's). */
  effective: z.array(Definition),
});

export const SavedAttribute = z.strictObject({ category_code: z.string(), ...definitionFields });
