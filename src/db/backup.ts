/**
 * Backup and restore of an embedded (PGlite) database: the data folder as a gzipped tar (see
 * Database.dumpDataDir). A backup is written to a temporary file beside its target and renamed, so a
 * half-written file never bears the name. A restore needs the folder free (the server stopped): the current
 * database is moved aside, not deleted, and the backup is loaded and opened once to check it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from './connect.js';
import { lockDataDir } from './lock.js';

export async function writeBackup(
  database: Database,
  file: string,
): Promise<{ file: string; bytes: number }> {
  if (!database.dumpDataDir)
    throw new Error('backups of a PostgreSQL server are taken with pg_dump (see the README)');
  const target = path.resolve(file);
  const blob = await database.dumpDataDir();
  const bytes = Buffer.from(await blob.arrayBuffer());
  const tmp = `${target}.part-${process.pid}`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, target);
  return { file: target, bytes: bytes.length };
}

export async function restoreBackup(dataDir: string, file: string): Promise<{ movedAside: string | null }> {
  const data = fs.readFileSync(path.resolve(file));
  const release = lockDataDir(dataDir);
  try {
    const live = path.join(dataDir, 'pglite');
    let movedAside: string | null = null;
    if (fs.existsSync(live)) {
      movedAside = `${live}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(live, movedAside);
    }
    try {
      const pglite = await PGlite.create({ dataDir: live, loadDataDir: new Blob([data]) });
      await pglite.query('select count(*) from schema_migrations');
      await pglite.close();
    } catch (err) {
      fs.rmSync(live, { recursive: true, force: true });
      if (movedAside) fs.renameSync(movedAside, live);
      throw new Error(`${file} is not a banshi backup: ${(err as Error).message}`);
    }
    return { movedAside };
  } finally {
    release();
  }
}
