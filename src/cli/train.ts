import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppContext } from '../context.js';
import { correctedExamples } from '../text/corrections.js';
import { LABELS } from '../text/classify.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * `banshi train [--out FILE]`: retrains the classifier on the shipped TipDM training data plus every
 * dispatcher correction whose chosen 一级 category is one the model knows, and writes the model (by default
 * over the shipped one; a running server loads it on restart).
 */
export async function trainCli(args: string[], ctx: AppContext): Promise<void> {
  const outIndex = args.indexOf('--out');
  const out =
    outIndex >= 0 && args[outIndex + 1]
      ? path.resolve(args[outIndex + 1]!)
      : path.join(ROOT, 'data/model/classifier.bin');
  const known = new Set<string>(LABELS);
  const examples = (await correctedExamples(ctx.db, ctx.config.defaultJurisdiction)).filter((e) =>
    known.has(e.label),
  );
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-train-')), 'corrections.jsonl');
  fs.writeFileSync(file, examples.map((e) => JSON.stringify(e)).join('\n') + (examples.length ? '\n' : ''));
  console.log(`training with ${examples.length} dispatcher corrections …`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'scripts/train-classifier.ts'), '--corrections', file, '--out', out],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        BANSHI_TIPDM_DIR: process.env.BANSHI_TIPDM_DIR ?? path.join(ROOT, 'data/text/tipdm'),
      },
    },
  );
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`training failed (exit ${r.status})`);
  console.log(`model written to ${out}`);
}
