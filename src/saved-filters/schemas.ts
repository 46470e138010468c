/** What the saved filters API takes and answers: a name and the list's query (GET /api/v1/requests) as given. */
import { z } from 'zod';
import { IdParams } from '../http/inputs.js';
import { Instant } from '../http/responses.js';
import { ListQuery } from '../requests/schemas.js';

/** How many filters one member of staff may keep. */
export const MAX_SAVED_FILTERS = 50;

/** The filters of a list, without its paging: each must be one GET /api/v1/requests takes, with a valid value. */
const FilterJson = z
  .record(z.string().max(40), z.string().max(200))
  .refine((f) => Object.keys(f).length <= 20 && !('page' in f) && !('page_size' in f), {
    message: 'at most 20 filters, no paging',
  })
  .superRefine((f, c) => {
    const parsed = ListQuery.safeParse(f);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        c.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

export const SavedFilterBody = z.strictObject({
  name: z.string().trim().min(1).max(40),
  filter: FilterJson,
});

export { IdParams };

export const SavedFilter = z
  .strictObject({
    id: z.number().int(),
    name: z.string(),
    filter: z.record(z.string(), z.string()),
    created_at: Instant,
  })
  .meta({ id: 'SavedFilter' });
