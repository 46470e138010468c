import fs from 'node:fs';
import type { Database } from './connect.js';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export type Migration = { version: number; name: string; sql: string };

export function listMigrations(): Migration[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number.parseInt(f.slice(0, 4), 10),
      name: f.replace(/\.sql$/, ''),
      sql: fs.readFileSync(new URL(f, MIGRATIONS_DIR), 'utf8'),
    }));
}

/**
 * Applies pending numbered migrations, each in its own transaction, under an advisory lock so that two
 * processes starting against one server do not race.
 */
export async function migrate(database: Database): Promise<string[]> {
  return database.withSession(async (run) => {
    await run('select pg_advisory_lock(4242001)');
    try {
      await run(`create table if not exists schema_migrations (
        version integer primary key, name text not null, applied_at timestamptz not null default now())`);
      const done = new Set(
        (await run('select version from schema_migrations')).map((r) => Number(r.version)),
      );
      const applied: string[] = [];
      for (const m of listMigrations()) {
        if (done.has(m.version)) continue;
        await run(
          `begin;\n${m.sql}\n;insert into schema_migrations (version, name) values (${m.version}, '${m.name}');\ncommit;`,
        ).catch(async (err: unknown) => {
          await run('rollback').catch(() => undefined);
          throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
        });
        applied.push(m.name);
      }
      return applied;
    } finally {
      await run('select pg_advisory_unlock(4242001)');
    }
  });
}
