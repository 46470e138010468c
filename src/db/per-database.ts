import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * One instance per database handle, made on first use: what a process keeps for a database (a cache, a queue)
 * is shared by everyone who works on that handle, and goes with it.
 */
export function perDatabase<T>(make: (db: Kysely<DB>) => T): (db: Kysely<DB>) => T {
  const made = new WeakMap<Kysely<DB>, T>();
  return (db) => {
    let x = made.get(db);
    if (!x) made.set(db, (x = make(db)));
    return x;
  };
}
