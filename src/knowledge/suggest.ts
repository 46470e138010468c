/** The articles beside a request (its detail, or a call being registered): the most similar ones in force. */
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { requestVisibility } from '../http/policies.js';
import { loadRequest } from '../requests/queries.js';
import { searchArticles } from './queries.js';
import { queryTermsOf } from './tokens.js';

/** A request's text gives many terms: the longest few carry its subject. */
const MAX_TERMS = 16;

export async function suggestArticles(
  ctx: AppContext,
  opts: {
    actor: Actor;
    request_id?: number | undefined;
    text?: string | undefined;
    limit: number;
    today: string;
    streetOf: Map<string, string>;
  },
) {
  const j = opts.actor.jurisdictionId;
  let text = opts.text ?? '';
  const areaCodes: string[] = [];
  if (opts.request_id !== undefined) {
    const row = await loadRequest(ctx.db, j, opts.request_id, requestVisibility(opts.actor));
    if (!row) throw new AppError('not_found');
    text = `${row.title_norm}\n${row.body_norm}`;
    if (row.area_code) {
      areaCodes.push(row.area_code);
      const street = opts.streetOf.get(row.area_code);
      if (street && street !== row.area_code) areaCodes.push(street);
    }
  }
  const terms = queryTermsOf(text, MAX_TERMS);
  if (!terms.length) return { terms, rows: [] };
  const { rows } = await searchArticles(ctx, {
    jurisdictionId: j,
    terms,
    audience: 'staff',
    today: opts.today,
    inForceFor: { areaCodes },
    page: 1,
    page_size: opts.limit,
    withTotal: false,
  });
  return { terms, rows };
}
