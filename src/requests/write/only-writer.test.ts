/**
 * The write path is the only writer of requests and their timelines: no file of src/ outside
 * src/requests/write/ inserts, updates or deletes rows of `requests`, `request_events`, `request_co_handlers` or
 * `request_supporters`,
 * through Kysely or in SQL text. (The metrics triggers of the migrations read them; they write their own tables.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const WRITE_PATH = fileURLToPath(new URL('./', import.meta.url));

const WRITES = [
  /\.(updateTable|insertInto|deleteFrom|replaceInto|mergeInto)\(\s*['"`]request(s|_events|_co_handlers|_supporters)(\s+as\s+\w+)?['"`]/,
  /\b(update|insert\s+into|delete\s+from|merge\s+into)\s+(only\s+)?request(s|_events|_co_handlers|_supporters)\b/i,
];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

test('only src/requests/write/ writes requests, request_events, request_co_handlers and request_supporters', () => {
  const offenders: string[] = [];
  for (const file of sources(SRC)) {
    if (file.startsWith(WRITE_PATH)) continue;
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (WRITES.some((re) => re.test(line)))
          offenders.push(`${path.relative(SRC, file)}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(offenders, []);
});

test('the check finds a write when there is one', () => {
  for (const line of [
    "await tx.updateTable('requests').set({ status: 'closed' })",
    "db.insertInto('request_events').values(e)",
    'sql`update requests set status = ${s}`',
    "'INSERT INTO request_events (seq) values (1)'",
    "tx.updateTable('request_co_handlers').set({ signed_at: now })",
  ])
    assert.ok(
      WRITES.some((re) => re.test(line)),
      line,
    );
  assert.ok(!WRITES.some((re) => re.test("db.selectFrom('requests').selectAll()")));
});
