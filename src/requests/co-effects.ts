/**
 * 吹哨报到: what the co-handling actions change (the state machine has allowed them when these run): co-handlers
 * added with the dispatch or later (吹哨), a co-department's sign (报到) and part, a co-handler released by the
 * centre. The rows are written by the write path (./write/apply-change.ts) with the request's change.
 */
import type { Transaction } from 'kysely';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { CoHandlerRow, DB, RequestPatch, RequestRow } from '../db/schema.js';
import { ofRequest } from '../db/source.js';
import { actorUserId, type Actor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { normalise } from '../text/normalise.js';
import { requireExists, slaProfileFor } from '../routing/reference.js';
import type { ActionInput } from './action-inputs.js';
import { coDepartmentRefusals, involvedCodes, isOutstanding } from './co-handling.js';
import { computeDeadlines } from './deadlines.js';
import type { EventPayload } from './events/catalogue.js';
import type { OutboxInput } from './events/topics.js';
import type { CoHandlerChange } from './write/apply-change.js';

/** What every action's effect reads, these included (./actions.ts's EffectEnv adds the rest). */
export type CoEnv = {
  /** The action's transaction, the request locked in it. */
  tx: Transaction<DB>;
  row: RequestRow;
  actor: Actor;
  now: Date;
  /** A whistled department's sign deadline counts working days on the jurisdiction's calendar. */
  tz: string;
  calendar: WorkingCalendar;
  /** The request's co-handlers (released ones included), as loaded under its lock. */
  coHandlers: readonly CoHandlerRow[];
};

type CoAction = 'whistle' | 'co-sign' | 'co-submit' | 'release-co-handler';
type CoEffect<A extends CoAction> = {
  patch?: RequestPatch;
  payload: EventPayload<A>;
  outbox?: OutboxInput[];
  coHandlers: CoHandlerChange;
};

const REFUSAL_MESSAGES = {
  duplicate: 'named twice',
  lead: 'is the lead department',
  already_co_handler: 'is already a co-handling department of this request',
} as const;

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', { issues: [{ path, message }] });

/**
 * Co-handlers to add: each department checked (known, not the lead, not one already), each to sign by `signBy`;
 * undefined when none is asked for.
 */
export async function coHandlersAdded(
  env: CoEnv,
  opts: {
    leadCode: string;
    codes: readonly string[];
    via: 'dispatch' | 'whistle';
    signBy: Date;
    path: string;
  },
): Promise<
  | {
      codes: string[];
      patch: { co_department_codes: string[] };
      change: CoHandlerChange;
      outbox: OutboxInput[];
    }
  | undefined
> {
  const { tx, row, actor, now, coHandlers } = env;
  if (involvedCodes(coHandlers).includes(opts.leadCode))
    throw invalid('department_code', 'is a co-handling department of this request: release it first');
  if (opts.codes.length === 0) return undefined;
  const refusals = coDepartmentRefusals(opts.codes, opts.leadCode, coHandlers);
  if (refusals.length > 0)
    throw new AppError('validation_failed', {
      issues: refusals.map((r) => ({
        path: `${opts.path}.${r.index}`,
        message: `${r.code} ${REFUSAL_MESSAGES[r.refusal]}`,
        refusal: r.refusal,
      })),
    });
  for (const code of opts.codes) await requireExists(tx, 'departments', row.jurisdiction_id, code);
  const codes = [...opts.codes];
  return {
    codes,
    patch: { co_department_codes: [...involvedCodes(coHandlers), ...codes] },
    change: {
      add: codes.map((department_code) => ({
        department_code,
        added_via: opts.via,
        added_at: now,
        added_by_user_id: actorUserId(actor),
        added_by_label: actor.label,
        sign_by: opts.signBy,
      })),
    },
    outbox: [
      {
        topic: 'request.co_handlers_added',
        payload: { department_codes: codes, sign_by: opts.signBy.toISOString() },
      },
    ],
  };
}

/** The acting department's own co-handler row (the state machine has checked that it is one). */
function ownCoHandler(env: CoEnv): CoHandlerRow {
  const code = env.actor.kind === 'user' ? env.actor.departmentCode : null;
  const own = env.coHandlers.find((c) => c.department_code === code && c.released_at === null);
  if (!own) throw new Error(`request ${env.row.id} has no co-handler ${code}`);
  return own;
}

/** The photos named for a part must be the request's own. */
async function ownPhotos(env: CoEnv, ids: readonly number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await ofRequest(env.tx, 'attachments', env.row.jurisdiction_id, env.row.id)
    .select('id')
    .where('id', 'in', unique)
    .execute();
  const known = new Set(found.map((a) => a.id));
  const missing = unique.find((id) => !known.has(id));
  if (missing !== undefined) throw new AppError('unknown_reference', { attachment_id: missing });
  return unique;
}

type CoEffectFn<A extends CoAction> = (
  env: CoEnv,
  input: ActionInput<A>,
) => Promise<CoEffect<A>> | CoEffect<A>;

export const CO_EFFECTS: { [A in CoAction]: CoEffectFn<A> } = {
  whistle: async (env, { department_codes, note }) => {
    const { tx, row, now, tz, calendar } = env;
    const profile = await slaProfileFor(tx, row.jurisdiction_id, row.category_code);
    // the co-department has the lead's time to sign, counted from the whistle
    const signBy = computeDeadlines({ from: now, profile, urgent: row.urgent, tz, calendar }).sign_by;
    const added = (await coHandlersAdded(env, {
      leadCode: row.department_code!,
      codes: department_codes,
      via: 'whistle',
      signBy,
      path: 'department_codes',
    }))!;
    return {
      patch: added.patch,
      payload: {
        department_codes: added.codes,
        sign_by: signBy.toISOString(),
        ...(note ? { text: note, text_normalised: normalise(note) } : {}),
      },
      outbox: added.outbox,
      coHandlers: added.change,
    };
  },

  'co-sign': (env) => {
    const own = ownCoHandler(env);
    return {
      payload: {
        department_code: own.department_code,
        sign_by: own.sign_by.toISOString(),
        late: env.now > own.sign_by,
      },
      coHandlers: {
        update: [
          {
            department_code: own.department_code,
            set: { signed_at: env.now, signed_by_label: env.actor.label },
          },
        ],
      },
    };
  },

  'co-submit': async (env, { note, attachment_ids }) => {
    const own = ownCoHandler(env);
    const photos = await ownPhotos(env, attachment_ids ?? []);
    return {
      payload: {
        text: note,
        text_normalised: normalise(note),
        department_code: own.department_code,
        attachment_ids: photos,
        resubmitted: own.part_submitted_at !== null,
      },
      coHandlers: {
        update: [
          {
            department_code: own.department_code,
            set: {
              part_text: note,
              part_attachment_ids: photos,
              part_submitted_at: env.now,
              part_by_label: env.actor.label,
            },
          },
        ],
      },
    };
  },

  'release-co-handler': (env, { department_code, reason }) => {
    const target = env.coHandlers.find((c) => c.department_code === department_code && isOutstanding(c));
    if (!target)
      throw invalid('department_code', `${department_code} is not a co-handler whose part is awaited`);
    const released = env.coHandlers.map((c) => (c === target ? { ...c, released_at: env.now } : c));
    return {
      patch: { co_department_codes: involvedCodes(released) },
      payload: {
        text: reason,
        text_normalised: normalise(reason),
        department_code,
        signed: target.signed_at !== null,
      },
      coHandlers: {
        update: [{ department_code, set: { released_at: env.now, released_reason: reason } }],
      },
    };
  },
};
