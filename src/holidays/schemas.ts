import { z } from 'zod';
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

export const RemoveQuery = z
  .object({ scope: z.enum(['jurisdiction', 'national']).default('jurisdiction') })
  .strict();
