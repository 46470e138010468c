import type { Transaction } from 'kysely';
import type { DB } from './schema.js';

/**
 * Takes the jurisdiction's row lock until the transaction ends: writers of something kept once per
 * jurisdiction (a scheme's versions, the holiday calendar) wait for each other instead of racing.
 */
export async function lockJurisdiction(tx: Transaction<DB>, jurisdictionId: string): Promise<void> {
  await tx
    .selectFrom('jurisdictions')
    .select('jurisdiction_id')
    .where('jurisdiction_id', '=', jurisdictionId)
    .forUpdate()
    .execute();
}
