import type { ApiKeyActor } from '../http/actor.js';
import { newToken, sha256 } from './tokens.js';
import { dbOf, inJurisdiction, updateInJurisdiction, type DbSource } from '../db/source.js';

/** Integration keys: `bs_<prefix>_<secret>`, stored as a SHA-256 hash (the key itself is high-entropy). */
export async function createApiKey(source: DbSource, jurisdictionId: string, name: string) {
  const prefix = newToken(6);
  const key = `bs_${prefix}_${newToken(24)}`;
  const row = await dbOf(source)
    .insertInto('api_keys')
    .values({ jurisdiction_id: jurisdictionId, name, prefix, key_hash: sha256(key) })
    .returning(['id', 'name', 'prefix', 'created_at'])
    .executeTakeFirstOrThrow();
  return { ...row, key };
}

export function listApiKeys(source: DbSource, jurisdictionId: string) {
  return inJurisdiction(source, 'api_keys', jurisdictionId)
    .select(['id', 'name', 'prefix', 'created_at', 'revoked_at'])
    .orderBy('id')
    .execute();
}

export async function revokeApiKey(source: DbSource, jurisdictionId: string, id: number, now: Date) {
  const res = await updateInJurisdiction(dbOf(source), 'api_keys', jurisdictionId)
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function resolveApiKey(source: DbSource, key: string): Promise<ApiKeyActor | null> {
  if (!/^bs_[\w-]+_[\w-]+$/.test(key)) return null;
  const row = await dbOf(source)
    .selectFrom('api_keys')
    .select(['jurisdiction_id', 'id', 'name'])
    .where('key_hash', '=', sha256(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row
    ? { kind: 'api_key', jurisdictionId: row.jurisdiction_id, apiKeyId: row.id, label: row.name }
    : null;
}
