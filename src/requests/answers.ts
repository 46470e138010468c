/**
 * ./presenter.ts's answers typed by their response schemas. The presenter types `suggestions` as stored
 * (unknown) and the timeline as optional; what it really writes is checked against the schemas whenever
 * responses are validated (the whole test suite runs so).
 */
import type { z } from 'zod';
import type { CoHandlerRow, RequestRow } from '../db/schema.js';
import type { Actor } from '../http/actor.js';
import { presentPage } from '../http/responses.js';
import { presentRequest } from './presenter.js';
import type { loadTimeline } from './queries.js';
import type { RequestItem, RequestWithTimeline } from './schemas.js';

export const requestItem = (r: RequestRow, actor: Actor) =>
  presentRequest(r, actor) as z.output<typeof RequestItem>;

export const requestWithTimeline = (
  r: RequestRow,
  actor: Actor,
  timeline: Awaited<ReturnType<typeof loadTimeline>>,
  coHandlers: readonly CoHandlerRow[],
) => presentRequest(r, actor, { timeline, coHandlers }) as z.output<typeof RequestWithTimeline>;

/** A page of requests as the caller may see them (the request list, community orders). */
export const requestPage = (
  rows: RequestRow[],
  total: number,
  actor: Actor,
  at: { page: number; page_size: number },
) => presentPage({ rows, total }, at, (r) => requestItem(r, actor));
