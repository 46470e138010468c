/**
 * Input rules shared by every feature's request schemas, written once: request types, a place's lat/lon pair,
 * dates and date-times in query strings, comma-separated lists, paging and ids.
 */
import { z } from 'zod';
import { isIsoDate } from '../calendar/working-calendar.js';
import { REQUEST_TYPES } from '../db/schema.js';
import { MAX_PHONE_INPUT, parsePhone, type PhoneKind } from '../privacy/phone.js';
import { AppError } from './errors.js';

export const RequestTypeInput = z.enum(REQUEST_TYPES);

/**
 * A phone number as typed (../privacy/phone.ts), answered in its canonical form; a number it cannot read is
 * refused with `invalid_phone` (./validate.ts) naming the field and the problem.
 */
export function phoneInput(kinds?: readonly PhoneKind[]) {
  return z
    .string()
    .max(MAX_PHONE_INPUT * 2)
    .transform((s, c) => {
      const r = parsePhone(s, kinds);
      if (r.ok) return r.phone.canonical;
      c.addIssue({ code: 'custom', message: `invalid phone: ${r.problem}`, params: { phone: r.problem } });
      return z.NEVER;
    });
}
export const PhoneInput = phoneInput();
/** A mobile, where a one-time code is sent. */
export const MobileInput = phoneInput(['mobile']);

export const Latitude = z.number().min(-90).max(90);
export const Longitude = z.number().min(-180).max(180);

/** A place's optional coordinates; `pairedLatLon` refuses one without the other. */
export const LatLonFields = { lat: Latitude.optional(), lon: Longitude.optional() };

export function pairedLatLon<S extends z.ZodType<{ lat?: number | undefined; lon?: number | undefined }>>(
  schema: S,
) {
  return schema.refine((b) => (b.lat === undefined) === (b.lon === undefined), {
    message: 'lat and lon go together',
    path: ['lon'],
  });
}

/** A map's view: its west, south, east and north edges in degrees. */
export type Bbox = { west: number; south: number; east: number; north: number };

/** `bbox=west,south,east,north` (degrees, GeoJSON's order), as a map asks for what lies in its view. */
export const BboxQuery = z
  .string()
  .max(200)
  .transform((s, c): Bbox => {
    const n = s.split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
    const [west, south, east, north] = n as [number, number, number, number];
    const fine =
      n.length === 4 &&
      n.every(Number.isFinite) &&
      Longitude.safeParse(west).success &&
      Longitude.safeParse(east).success &&
      Latitude.safeParse(south).success &&
      Latitude.safeParse(north).success &&
      west <= east &&
      south <= north;
    if (fine) return { west, south, east, north };
    c.addIssue({
      code: 'custom',
      message: 'west,south,east,north in degrees, west ≤ east and south ≤ north',
    });
    return z.NEVER;
  });

/** Dates far outside any ticket's life are typing errors, and PostgreSQL cannot store some of them. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;
const inRange = (isoDate: string) => {
  const year = Number(isoDate.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
};

/** A real calendar date 'YYYY-MM-DD' between the years 1900 and 2999, kept as text. */
export const IsoDate = z
  .string()
  .refine((s) => isIsoDate(s) && inRange(s), { message: `a date YYYY-MM-DD, years ${MIN_YEAR}–${MAX_YEAR}` });

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A date ('2025-06-01', midnight UTC) or an ISO 8601 date-time (with `Z`, an offset, or none: server time), as
 * a query string gives it; years 1900–2999.
 */
export function parseDateTime(s: string): Date | null {
  const m = DATE_TIME.exec(s);
  if (!m || !isIsoDate(m[1]!) || !inRange(m[1]!)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

export const DateTimeQuery = z.string().transform((s, c) => {
  const d = parseDateTime(s);
  if (d) return d;
  c.addIssue({
    code: 'custom',
    message: `an ISO 8601 date or date-time, years ${MIN_YEAR}–${MAX_YEAR}`,
  });
  return z.NEVER;
});

const DAY_MS = 86_400_000;

/**
 * The period a `from`/`to` query asks for: by default the `defaultDays` days up to `to` (itself by default
 * now); refused when it is empty or longer than `maxDays`.
 */
export function periodOf(
  q: { from?: Date | undefined; to?: Date | undefined },
  opts: { now: Date; defaultDays: number; maxDays?: number },
): { from: Date; to: Date } {
  const to = q.to ?? opts.now;
  const from = q.from ?? new Date(to.getTime() - opts.defaultDays * DAY_MS);
  const { maxDays } = opts;
  const tooLong = maxDays !== undefined && to.getTime() - from.getTime() > maxDays * DAY_MS;
  if (from >= to || tooLong)
    throw new AppError('validation_failed', {
      issues: [
        {
          path: 'from',
          message:
            maxDays === undefined
              ? 'from must be before to'
              : `from must be before to, at most ${maxDays} days apart`,
        },
      ],
    });
  return { from, to };
}

/** `status=a,b`: a comma-separated list of known values (empty items ignored). */
export function commaList<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)));
}

/** `true` / `false` in a query string. */
export const BooleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Paging of a list: `page` from 1, `page_size` up to a limit. */
export function paging(opts: { defaultSize: number; maxSize: number }) {
  return {
    page: z.coerce.number().int().min(1).default(1),
    page_size: z.coerce.number().int().min(1).max(opts.maxSize).default(opts.defaultSize),
  };
}

/** The rows of a page, for a query's limit and offset. */
export const pageWindow = (q: { page: number; page_size: number }) => ({
  limit: q.page_size,
  offset: (q.page - 1) * q.page_size,
});

export const IdParams = z.object({ id: z.coerce.number().int().positive() });
