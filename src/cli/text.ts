import readline from 'node:readline';
import type { Config } from '../config.js';
import { DataDirLockedError } from '../db/lock.js';
import { shippedSnapshot } from '../demo/reference.js';
import { referenceCache, type ReferenceSnapshot } from '../routing/reference-cache.js';
import { openContext } from '../server.js';
import { normalise } from '../text/normalise.js';
import { sharedClassifier, suggest } from '../text/suggest.js';

async function* lines(): AsyncGenerator<string> {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) yield line;
}

/** `banshi normalize`: stdin → stdout, normalised. */
export async function normalizeCli(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  process.stdout.write(normalise(Buffer.concat(chunks).toString('utf8')) + '\n');
}

/**
 * `banshi classify`: JSON lines {"id","title","body"} on stdin → {"id","category","confidence","department"}.
 * Routing reads the database; when a server holds the PGlite folder, or the database has no reference data
 * yet, the shipped demo city's routing is used.
 */
export async function classifyCli(config: Config): Promise<void> {
  const { ref, close } = await routingReference(config);
  const classifier = sharedClassifier();
  try {
    let n = 0;
    for await (const line of lines()) {
      n++;
      if (!line.trim()) continue;
      let input: { id?: unknown; title?: unknown; body?: unknown };
      try {
        input = JSON.parse(line) as typeof input;
      } catch {
        process.stdout.write(JSON.stringify({ line: n, error: 'malformed_json' }) + '\n');
        continue;
      }
      const s = suggest(
        ref,
        {
          title: normalise(String(input.title ?? '')),
          body: normalise(String(input.body ?? '')),
          areaCode: null,
        },
        classifier,
      );
      const top = s.categories[0];
      process.stdout.write(
        JSON.stringify({
          id: input.id ?? null,
          category: top?.name ?? null,
          confidence: top?.confidence ?? 0,
          department: s.department_code,
        }) + '\n',
      );
    }
  } finally {
    await close();
  }
}

async function routingReference(
  config: Config,
): Promise<{ ref: ReferenceSnapshot; close: () => Promise<void> }> {
  try {
    const { ctx, database } = await openContext(config, {
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    });
    const ref = await referenceCache(ctx.db).get(config.defaultJurisdiction);
    if (ref.level1ByName.size > 0) return { ref, close: () => database.close() };
    await database.close();
    process.stderr.write('no reference data loaded: routing with the shipped demo city\n');
    return { ref: shippedSnapshot(), close: async () => undefined };
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    process.stderr.write('data folder in use by a server: routing with the shipped demo city\n');
    return { ref: shippedSnapshot(), close: async () => undefined };
  }
}
