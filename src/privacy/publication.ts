/**
 * What may ever appear in a public output (the public pages and API, Open311, feeds, exports): never a 举报 (a
 * report of wrongdoing), to protect whoever made it, and never a voided request. One rule, applied by every
 * public query.
 */
import type { RequestType } from '../db/schema.js';

export const NEVER_PUBLISHED: readonly RequestType[] = ['举报'];

/** Never a voided request (作废: junk or a test), not even looked up by its number. */
export const NEVER_PUBLISHED_STATUSES: readonly string[] = ['voided'];
