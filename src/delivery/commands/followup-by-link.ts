/**
 * 回访 by link: the resident opens the signed link of their SMS and rates the answer without logging in. The
 * rating is their own follow-up (channel `sms_link`) through the one write path; an operator's phone follow-up
 * and the link's cannot both count — whichever comes first, the other is refused (409). A link that is not
 * ours, tampered with, for another phone or an earlier reply answers 404 whether or not its request exists.
 */
import type { AppContext } from '../../context.js';
import type { RequestRow } from '../../db/schema.js';
import { systemActor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { maskPublicText } from '../../privacy/public-text.js';
import { applyAction } from '../../requests/commands/apply-action.js';
import { loadRequest } from '../../requests/queries.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { linkMac } from '../followup-link.js';
import { checkLink, readLink } from '../link-token.js';

type Db = AppContext['db'];

const ANSWERS = ['reply', 'answer-directly', 'approve-reply', 'merged-reply'];

/** The request a token names, once its MAC, binding and expiry are checked. */
async function verified(ctx: AppContext, db: Db, token: string, opts: { forUpdate?: boolean } = {}) {
  const read = readLink(token);
  if (!read) throw new AppError('link_invalid');
  const row = await loadRequest(db, read.jurisdictionId, read.requestId, { kind: 'all' }, opts);
  const binding =
    row?.reporter_phone_hash && row.replied_at
      ? { phoneHash: row.reporter_phone_hash, repliedAt: row.replied_at }
      : null;
  const check = checkLink(linkMac(ctx), read, binding, ctx.now());
  if (check === 'invalid') throw new AppError('link_invalid');
  if (check === 'expired') throw new AppError('link_expired');
  return row!;
}

const rated = (r: RequestRow) => r.status !== 'replied';

/** What the link's page shows: the ticket number, the answer (masked like public text), whether it is rated. */
export async function viewFollowupLink(ctx: AppContext, token: string) {
  const row = await verified(ctx, ctx.db, token);
  const answer = await ctx.db
    .selectFrom('request_events')
    .select(['payload', 'at'])
    .where('jurisdiction_id', '=', row.jurisdiction_id)
    .where('request_id', '=', row.id)
    .where('type', 'in', ANSWERS)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const names = row.reporter_name_enc ? [ctx.vault.decrypt(row.reporter_name_enc)] : [];
  const text = (answer?.payload as { text?: string } | undefined)?.text ?? '';
  return {
    ticket_no: row.ticket_no,
    answer: maskPublicText(text, names),
    answered_at: (answer?.at ?? row.replied_at!).toISOString(),
    rated: rated(row),
  };
}

export async function rateByLink(
  ctx: AppContext,
  opts: {
    token: string;
    resolved: boolean;
    satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied';
  },
): Promise<void> {
  // Checked before the transaction too: the reference data is read outside it (on PGlite a read through another
  // connection inside it would wait for it to end), and only for a jurisdiction a valid token names.
  const first = await verified(ctx, ctx.db, opts.token);
  if (rated(first)) throw new AppError('followup_done');
  const reference = await referenceCache(ctx.db).get(first.jurisdiction_id);
  await ctx.db.transaction().execute(async (tx) => {
    const row = await verified(ctx, tx as unknown as Db, opts.token, { forUpdate: true });
    if (rated(row)) throw new AppError('followup_done');
    await applyAction(ctx, tx, {
      actor: {
        ...systemActor(row.jurisdiction_id, '居民（短信回访链接）resident by SMS link'),
        via: 'sms_link',
      },
      row,
      action: 'follow-up',
      input: { resolved: opts.resolved, satisfaction: opts.satisfaction },
      reference,
    });
  });
}
