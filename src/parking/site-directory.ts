/**
 * The sites of a jurisdiction by code, held in memory for a few seconds: every batch of observations names
 * its sites by code, and reading them per batch would double the database's work at thousands of observations
 * a second. Edits in this process forget the jurisdiction at once; other processes see them within the TTL.
 */
import type { Kysely } from 'kysely';
import { perDatabase } from '../db/per-database.js';
import type { DB } from '../db/schema.js';

export type DirectorySite = { id: number; capacity: number; active: boolean };

const TTL_MS = 5_000;

class SiteDirectory {
  private entries = new Map<string, { at: number; value: Promise<Map<string, DirectorySite>> }>();
  constructor(private readonly db: Kysely<DB>) {}

  get(j: string, now = Date.now()): Promise<Map<string, DirectorySite>> {
    const hit = this.entries.get(j);
    if (hit && now - hit.at < TTL_MS) return hit.value;
    const value = this.db
      .selectFrom('parking_sites')
      .select(['code', 'id', 'capacity', 'active'])
      .where('jurisdiction_id', '=', j)
      .execute()
      .then(
        (rows) => new Map(rows.map((r) => [r.code, { id: r.id, capacity: r.capacity, active: r.active }])),
      );
    this.entries.set(j, { at: now, value });
    value.catch(() => this.entries.delete(j));
    return value;
  }

  invalidate(j: string) {
    this.entries.delete(j);
  }
}

export const siteDirectory = perDatabase((db) => new SiteDirectory(db));
