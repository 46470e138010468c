import { z } from 'zod';
import { Instant, itemsOf, LocalDate } from '../http/responses.js';
import { INPUT_FORMATS } from './parse-input.js';

export const YearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const ScheduleBody = z
  .object({
    format: z.enum(INPUT_FORMATS),
    text: z.string().min(1).max(200_000),
    /** The notice's number and date, e.g. 国办发明电〔2026〕5号 2026-11-10. */
    source: z.string().trim().min(1).max(200),
    /** The year's whole statutory schedule (true), or local days added to it (false). */
    complete: z.boolean().default(true),
  })
  .strict();

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────────

const LAYERS = ['local', 'national', 'package'] as const;

/** A day as the calendar decides it, and which layer decided. */
const DayVerdict = z
  .strictObject({
    date: LocalDate,
    working: z.boolean(),
    source: z.enum([...LAYERS, 'weekday']),
    name: z.string().nullable(),
    notice: z.string().nullable(),
  })
  .meta({ id: 'CalendarDay' });

export const YearView = z.strictObject({
  year: z.number().int(),
  known: z.boolean(),
  year_source: z.enum(LAYERS).nullable(),
  last_known_year: z.number().int().nullable(),
  schedules: z.array(
    z.strictObject({
      scope: z.enum(['national', 'jurisdiction']),
      complete: z.boolean(),
      source: z.string(),
      input_format: z.enum(INPUT_FORMATS),
      input_text: z.string(),
      entered_by: z.string(),
      entered_at: Instant,
    }),
  ),
  days: z.array(DayVerdict),
});

/** What entering (or previewing, or removing) a year's schedule did, or would do. */
export const ScheduleResult = z.strictObject({
  year: z.number().int(),
  days: z.array(z.strictObject({ date: LocalDate, working: z.boolean(), name: z.string() })),
  issues: z.array(
    z.strictObject({
      severity: z.enum(['error', 'warning']),
      line: z.number().int().nullable(),
      message: z.string(),
      message_en: z.string(),
    }),
  ),
  /** Dates whose working status the change flips. */
  changed: z.array(LocalDate),
  /** Open requests whose deadlines were (or would be) counted again. */
  recounted: z.number().int(),
  calendar: z.array(DayVerdict),
  saved: z.boolean(),
});

export const AlertList = itemsOf(
  z.strictObject({
    key: z.string(),
    kind: z.string(),
    message: z.string(),
    message_en: z.string(),
    details: z.record(z.string(), z.unknown()),
    raised_at: Instant,
  }),
);
