/** Building blocks of the response schemas every feature describes its answers with. */
import { z } from 'zod';
import { ERRORS, type ErrorCode } from './errors.js';

/** An instant as the API writes it: ISO 8601 in UTC (`Date#toISOString`). */
export const Instant = z.iso.datetime();
/** A local calendar date 'YYYY-MM-DD'. */
export const LocalDate = z.iso.date();

export const Ok = z.strictObject({ ok: z.literal(true) });

export const itemsOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item) });

/** A page of a list as the API answers it. */
export const answerPage = <T>(items: T[], total: number, at: { page: number; page_size: number }) => ({
  items,
  total,
  page: at.page,
  page_size: at.page_size,
});

/** A query's page of rows (`{ rows, total }`) as the API answers it, each row presented. */
export const presentPage = <R, T>(
  found: { rows: R[]; total: number },
  at: { page: number; page_size: number },
  present: (row: R) => T,
) => answerPage(found.rows.map(present), found.total, at);

/** A page of a list: the items, how many match in all, and where the page is. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
  });

/** What a file import did, or would do on a dry run: its rows created, updated and left unchanged. */
export const importCounts = {
  /** Whether anything was written (false when refused for bad rows, or a dry run). */
  imported: z.boolean(),
  dry_run: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
};
export type ImportCounts = z.output<z.ZodObject<typeof importCounts>>;

export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    message_en: z.string(),
    details: z.unknown().optional(),
  }),
});

/** A body that is not JSON (a photo, a spreadsheet): described, not validated. */
export class BinaryResponse {
  constructor(
    readonly contentType: string,
    readonly description: string,
  ) {}
}
export const binary = (contentType: string, description: string) =>
  new BinaryResponse(contentType, description);
