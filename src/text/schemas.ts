/** What the hot-topics API takes and answers. */
import { z } from 'zod';
import { DateTimeQuery } from '../http/inputs.js';
import { Instant } from '../http/responses.js';

export const TopicsQuery = z
  .object({
    from: DateTimeQuery.optional(),
    to: DateTimeQuery.optional(),
    area: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();

const Topic = z.strictObject({
  rank: z.number().int(),
  keywords: z.array(z.string()),
  count: z.number().int(),
  /** Against the previous period of equal length. */
  trend: z.strictObject({
    previous: z.number().int(),
    change: z.number().int(),
    ratio: z.number().nullable(),
    direction: z.enum(['new', 'up', 'down', 'flat']),
  }),
  areas: z.array(z.strictObject({ code: z.string(), count: z.number().int() })),
  samples: z.array(z.strictObject({ id: z.number().int(), ticket_no: z.string(), title: z.string() })),
  member_ids: z.array(z.number().int()),
});

export const TopicsAnswer = z.strictObject({
  from: Instant,
  to: Instant,
  area: z.string().nullable(),
  analysed: z.strictObject({ current: z.number().int(), previous: z.number().int() }),
  /** The period had more requests than were read (the most recent ones were). */
  truncated: z.boolean(),
  topics: z.array(Topic),
});
