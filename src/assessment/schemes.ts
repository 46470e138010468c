/** The versions of a jurisdiction's scheme: which one scores a month, and a new version from a month on. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { lockJurisdiction } from '../db/jurisdiction-lock.js';
import { AppError } from '../http/errors.js';
import { isClosed } from './month.js';
import { DEFAULT_SCHEME, schemeProblems, type Scheme } from './scheme.js';

export type SchemeVersion = {
  version: number;
  effective_month: string;
  scheme: Scheme;
  note: string;
  created_at: Date | null;
};

/** Version 0: the built-in default, in force until a jurisdiction saves its own. */
const BUILT_IN: SchemeVersion = {
  version: 0,
  effective_month: '0000-01',
  scheme: DEFAULT_SCHEME,
  note: '默认办法 built-in default',
  created_at: null,
};

export async function schemeVersions(db: Kysely<DB>, jurisdictionId: string): Promise<SchemeVersion[]> {
  const rows = await db
    .selectFrom('assessment_schemes')
    .select(['version', 'effective_month', 'scheme', 'note', 'created_at'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('version', 'desc')
    .execute();
  return [...rows.map((r) => ({ ...r, scheme: { ...DEFAULT_SCHEME, ...(r.scheme as Scheme) } })), BUILT_IN];
}

/** The version in force in a month: the latest saved whose first month is not after it. */
export async function schemeFor(
  db: Kysely<DB>,
  jurisdictionId: string,
  month: string,
): Promise<SchemeVersion> {
  return (await schemeVersions(db, jurisdictionId)).find((v) => v.effective_month <= month) ?? BUILT_IN;
}

export async function saveScheme(
  db: Kysely<DB>,
  input: {
    jurisdictionId: string;
    userId: number | null;
    effectiveMonth: string;
    scheme: Scheme;
    note: string;
    today: string;
  },
): Promise<SchemeVersion> {
  const problems = schemeProblems(input.scheme);
  if (Object.keys(problems).length) throw new AppError('invalid_scheme', problems);
  const current = await schemeFor(db, input.jurisdictionId, input.effectiveMonth);
  if (isClosed(input.effectiveMonth, input.today, current.scheme.close_after_days))
    throw new AppError('month_closed', { month: input.effectiveMonth });
  return db.transaction().execute(async (tx) => {
    // one writer of versions at a time per jurisdiction
    await lockJurisdiction(tx, input.jurisdictionId);
    const last = await tx
      .selectFrom('assessment_schemes')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('jurisdiction_id', '=', input.jurisdictionId)
      .executeTakeFirst();
    const row = await tx
      .insertInto('assessment_schemes')
      .values({
        jurisdiction_id: input.jurisdictionId,
        version: Number(last?.v ?? 0) + 1,
        effective_month: input.effectiveMonth,
        scheme: JSON.stringify(input.scheme),
        note: input.note,
        created_by: input.userId,
      })
      .returning(['version', 'effective_month', 'note', 'created_at'])
      .executeTakeFirstOrThrow();
    return { ...row, scheme: input.scheme };
  });
}
