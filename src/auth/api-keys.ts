import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { ApiKeyActor } from '../http/actor.js';
import { newToken, sha256 } from './tokens.js';

/** Integration keys: `bs_<prefix>_<secret>`, stored as a SHA-256 hash (the key itself is high-entropy). */
export async function createApiKey(db: Kysely<DB>, jurisdictionId: string, name: string) {
  const prefix = newToken(6);
  const key = `bs_${prefix}_${newToken(24)}`;
  const row = await db
    .insertInto('api_keys')
    .values({ jurisdiction_id: jurisdictionId, name, prefix, key_hash: sha256(key) })
    .returning(['id', 'name', 'prefix', 'created_at'])
    .executeTakeFirstOrThrow();
  return { ...row, key };
}

export function listApiKeys(db: Kysely<DB>, jurisdictionId: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'created_at', 'revoked_at'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('id')
    .execute();
}

export async function revokeApiKey(db: Kysely<DB>, jurisdictionId: string, id: number, now: Date) {
  const res = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function resolveApiKey(db: Kysely<DB>, key: string): Promise<ApiKeyActor | null> {
  if (!/^bs_[\w-]+_[\w-]+$/.test(key)) return null;
  const row = await db
    .selectFrom('api_keys')
    .select(['jurisdiction_id', 'id', 'name'])
    .where('key_hash', '=', sha256(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row
    ? { kind: 'api_key', jurisdictionId: row.jurisdiction_id, apiKeyId: row.id, label: row.name }
    : null;
}
