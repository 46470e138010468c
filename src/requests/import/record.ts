/**
 * One past request from another 12345 system, as a JSON line (or a CSV/xlsx row with the same names): what the
 * historical import reads. Times carry their offset (`2025-03-01T09:30:00+08:00`), statuses are banshi's.
 */
import { z } from 'zod';
import { CHANNELS, REQUEST_TYPES, SATISFACTIONS } from '../../db/schema.js';
import { STATUSES } from '../workflow.js';

/** An ISO 8601 date-time with `Z` or an offset: a time without one would be read in whichever zone. */
const Instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/,
    '须为带时区的 ISO 8601 时间（如 2025-03-01T09:30:00+08:00）',
  )
  .transform((s) => new Date(s))
  .refine((d) => !Number.isNaN(d.getTime()), '不是有效的时间');

/** What happened to it, in the order it happened: the lifecycle's columns and timeline are built from these. */
export const IMPORT_EVENT_TYPES = [
  'dispatch',
  'sign',
  'contact',
  'return',
  'reply',
  'follow-up',
  'close',
  'withdraw',
  'void',
] as const;

export const ImportEvent = z.strictObject({
  type: z.enum(IMPORT_EVENT_TYPES),
  at: Instant,
  department_code: z.string().min(1).optional(),
  text: z.string().max(4000).optional(),
  resolved: z.boolean().optional(),
  satisfaction: z.enum(SATISFACTIONS).optional(),
});

/** Statuses an import can leave a request in: not merged (it would need its original), not under review. */
export const IMPORT_STATUSES = STATUSES.filter((s) => s !== 'merged' && s !== 'reviewing');

export const ImportRecord = z.strictObject({
  source_ticket_no: z.string().trim().min(1).max(64),
  title: z.string().max(200),
  body: z.string().trim().min(1).max(8000),
  created_at: Instant,
  status: z.enum(IMPORT_STATUSES as [string, ...string[]]),
  type: z.enum(REQUEST_TYPES).optional(),
  channel: z.enum(CHANNELS).optional(),
  area_code: z.string().min(1).optional(),
  department_code: z.string().min(1).optional(),
  category_code: z.string().min(1).optional(),
  urgent: z.boolean().optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  address: z.string().max(500).optional(),
  reporter: z
    .strictObject({ name: z.string().max(50).optional(), phone: z.string().max(30).optional() })
    .optional(),
  events: z.array(ImportEvent).max(200).default([]),
});
export type ImportRecord = z.infer<typeof ImportRecord>;
export type ImportEvent = z.infer<typeof ImportEvent>;
