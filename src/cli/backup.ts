/**
 * `banshi backup FILE` and `banshi restore FILE`, for the embedded database (PGlite). A backup is taken by
 * whoever holds the data folder: this command when no server runs, else the server, asked through its control
 * address (src/ops/control.ts), so that it is consistent while serving. A restore needs the server stopped.
 * A PostgreSQL server is backed up with its own tools (pg_dump, WAL archiving): see the README.
 */
import path from 'node:path';
import type { Config } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { restoreBackup, writeBackup } from '../db/backup.js';
import { DataDirLockedError } from '../db/lock.js';
import { CONTROL_HEADER, controlToken, readControlFile } from '../ops/control.js';
import { createVault, resolveSecretKey } from '../privacy/crypto.js';

type Io = { out: (s: string) => void };
const stdio: Io = { out: (s) => console.log(s) };

const POSTGRES =
  'DATABASE_URL names a PostgreSQL server: back it up with pg_dump (and WAL archiving for point-in-time recovery), see the README';

export async function backupCli(file: string, config: Config, io: Io = stdio): Promise<void> {
  if (config.databaseUrl) throw new Error(POSTGRES);
  const target = path.resolve(file);
  let database;
  try {
    database = await openDatabase({ dataDir: config.dataDir });
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    const result = await askServer(config, target, err);
    io.out(`backup written by the running server (pid ${err.pid}): ${result.file} (${result.bytes} bytes)`);
    return;
  }
  try {
    const result = await writeBackup(database, target);
    io.out(`backup written: ${result.file} (${result.bytes} bytes)`);
  } finally {
    await database.close();
  }
}

async function askServer(config: Config, file: string, locked: DataDirLockedError) {
  const control = readControlFile(config.dataDir);
  if (!control || control.pid !== locked.pid)
    throw new Error(
      `${locked.message}\n(no control address from it: is it a banshi server that is still starting?)`,
    );
  const token = controlToken(createVault(resolveSecretKey(config.secretKey, config.dataDir)));
  const res = await fetch(`${control.url}/internal/backup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CONTROL_HEADER]: token },
    body: JSON.stringify({ file }),
  });
  const body = (await res.json()) as { file: string; bytes: number; error?: { message_en: string } };
  if (!res.ok)
    throw new Error(`the server refused the backup (${res.status}): ${body.error?.message_en ?? ''}`);
  return body;
}

export async function restoreCli(file: string, config: Config, io: Io = stdio): Promise<void> {
  if (config.databaseUrl) throw new Error(POSTGRES);
  const { movedAside } = await restoreBackup(config.dataDir, file);
  io.out(
    `restored ${path.resolve(file)} into ${config.dataDir}` +
      (movedAside ? `; the database it replaced is kept in ${movedAside}` : ''),
  );
}
