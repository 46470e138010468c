/**
 * A month's 通报 document: generated once per month, format and inputs, stored, and returned as stored when asked
 * again — so generating it twice gives the same document, and a frozen month's never changes.
 */
import type { AppContext } from '../context.js';
import { localDate } from '../requests/deadlines.js';
import { referenceCache } from '../routing/reference-cache.js';
import { bulletinContent } from './bulletin-content.js';
import { bulletinHtml } from './bulletin-html.js';
import { htmlToPdf } from './bulletin-pdf.js';
import { bulletinXlsx } from './bulletin-xlsx.js';
import { monthScores } from './scores.js';

export type BulletinFormat = 'pdf' | 'xlsx';

export async function bulletinDocument(
  ctx: AppContext,
  jurisdictionId: string,
  month: string,
  format: BulletinFormat,
): Promise<Buffer> {
  const scores = await monthScores(ctx, jurisdictionId, month);
  const key = {
    jurisdiction_id: jurisdictionId,
    month,
    format,
    inputs_hash: scores.inputs_hash,
  };
  const stored = () =>
    ctx.db
      .selectFrom('assessment_bulletins')
      .select('content')
      .where('jurisdiction_id', '=', key.jurisdiction_id)
      .where('month', '=', key.month)
      .where('format', '=', key.format)
      .where('inputs_hash', '=', key.inputs_hash)
      .executeTakeFirst();
  const found = await stored();
  if (found) return Buffer.from(found.content);

  const ref = await referenceCache(ctx.db).get(jurisdictionId);
  const jurisdiction = await ctx.db
    .selectFrom('jurisdictions')
    .select('name')
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirstOrThrow();
  const date = localDate(scores.frozen_at ?? ctx.now(), ref.timezone);
  const content = bulletinContent(scores, jurisdiction.name, date);
  const file =
    format === 'xlsx'
      ? await bulletinXlsx(content)
      : await htmlToPdf(bulletinHtml(content), ctx.config.chromium);
  await ctx.db
    .insertInto('assessment_bulletins')
    .values({ ...key, content: file, created_at: ctx.now() })
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'month', 'format', 'inputs_hash']).doNothing())
    .execute();
  // a concurrent generation may have stored first: everyone answers the stored one
  return Buffer.from((await stored())!.content);
}
