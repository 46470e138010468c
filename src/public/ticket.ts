/**
 * One request as the public sees it, found by its ticket number: what `presentPublic` shows in the list, its
 * public updates (received, dispatched to a department, signed, answered, reopened, closed) and the answer. The
 * text of an answer is masked like every public text; notes, contacts, returns and ratings stay inside. A 举报, a
 * request whose reporter chose 不公开, or a merged one is not found.
 */
import type { AppContext } from '../context.js';
import { ofRequest } from '../db/source.js';
import { publishable } from '../privacy/publication.js';
import { maskPublicText } from '../privacy/public-text.js';
import { localDate } from '../requests/deadlines.js';
import { presentPublic, PUBLIC_COLUMNS, publicReference } from './anonymise.js';

export const PUBLIC_UPDATES = ['received', 'dispatched', 'signed', 'answered', 'reopened', 'closed'] as const;
export type PublicUpdate = (typeof PUBLIC_UPDATES)[number];

/** The event types the public page tells, and as what; the others are not shown. */
export const UPDATE_OF: Record<string, PublicUpdate> = {
  register: 'received',
  dispatch: 'dispatched',
  'auto-dispatch': 'dispatched',
  sign: 'signed',
  reply: 'answered',
  /** A reply held for review (回复审核) is public once approved. */
  'approve-reply': 'answered',
  'answer-directly': 'answered',
  'merged-reply': 'answered',
  reopen: 'reopened',
  close: 'closed',
  'auto-close': 'closed',
};

export async function publicTicket(ctx: AppContext, j: string, ticketNo: string) {
  const r = await ctx.db
    .selectFrom('requests')
    .select(['id', ...PUBLIC_COLUMNS, 'public_consent'])
    .where('jurisdiction_id', '=', j)
    .where('ticket_no', '=', ticketNo)
    .executeTakeFirst();
  if (!r || r.status === 'merged' || !publishable(r)) return null;
  const [ref, events, departments] = await Promise.all([
    publicReference(ctx.db, j),
    ofRequest(ctx, 'request_events', j, r.id)
      .select(['type', 'payload', 'at'])
      .where('type', 'in', Object.keys(UPDATE_OF))
      .orderBy('seq')
      .execute(),
    ctx.db.selectFrom('departments').select(['code', 'name']).where('jurisdiction_id', '=', j).execute(),
  ]);
  const names = reporterNames(ctx, r.reporter_name_enc);
  const departmentName = new Map(departments.map((d) => [d.code, d.name]));
  const updates = events.map((e) => {
    const kind = UPDATE_OF[e.type]!;
    const payload = (e.payload ?? {}) as { text?: string | null; department_code?: string };
    return {
      kind,
      date: localDate(new Date(e.at), ref.timezone),
      department:
        kind === 'dispatched' && payload.department_code
          ? (departmentName.get(payload.department_code) ?? null)
          : null,
      text: kind === 'answered' && payload.text ? maskPublicText(payload.text, names) : null,
    };
  });
  const answered = updates.filter((u) => u.kind === 'answered' && u.text !== null).pop();
  return {
    ...presentPublic(r, ref, names),
    updates,
    answer: answered ? { text: answered.text!, date: answered.date } : null,
  };
}

/** The reporter's name, to be masked wherever it was typed (none when it cannot be read). */
export function reporterNames(ctx: AppContext, nameEnc: string | null): string[] {
  if (!nameEnc) return [];
  try {
    return [ctx.vault.decrypt(nameEnc)];
  } catch {
    return [];
  }
}
