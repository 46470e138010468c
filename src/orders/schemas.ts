/** What the community orders API (社区点单) takes; it answers requests (../requests/schemas.ts). */
import { z } from 'zod';
import { commaList, LatLonFields, pairedLatLon, paging, RequestTypeInput } from '../http/inputs.js';
import { MAX_BODY_CHARS } from '../requests/schemas.js';
import { STATUSES } from '../requests/workflow.js';

export { RequestItem, RequestPage } from '../requests/schemas.js';

const Code = z.string().min(1).max(100);

export const OrderBody = pairedLatLon(
  z
    .object({
      title: z.string().trim().min(1).max(200),
      body: z.string().trim().min(1).max(MAX_BODY_CHARS),
      type: RequestTypeInput.optional(),
      department_code: Code.optional(),
      category_code: Code.optional(),
      area_code: Code.optional(),
      address: z.string().trim().max(300).optional(),
      ...LatLonFields,
      urgent: z.boolean().optional(),
    })
    .strict(),
);

export const OrdersQuery = z
  .object({
    /** placed: ordered by my community; received: ordered from my department; default both. */
    role: z.enum(['placed', 'received']).optional(),
    status: commaList(STATUSES).optional(),
    community: Code.optional(),
    ...paging({ defaultSize: 20, maxSize: 200 }),
  })
  .strict();
export type OrdersFilter = z.output<typeof OrdersQuery>;
