/**
 * What may ever appear in a public output (the public pages and API, Open311, feeds, exports): never a 举报 (a
 * report of wrongdoing), to protect whoever made it, never a voided request, and never a request whose reporter
 * chose 不公开 when filing (`requests.public_consent` false). One rule, applied by every public query and by
 * `publishable` for a single request.
 */
import type { RequestType } from '../db/schema.js';

export const NEVER_PUBLISHED: readonly RequestType[] = ['举报'];

/** Never a voided request (作废: junk or a test), not even looked up by its number. */
export const NEVER_PUBLISHED_STATUSES: readonly string[] = ['voided'];

export const publishable = (r: { type: string; status: string; public_consent: boolean }): boolean =>
  r.public_consent &&
  !(NEVER_PUBLISHED as readonly string[]).includes(r.type) &&
  !NEVER_PUBLISHED_STATUSES.includes(r.status);
