/**
 * Bulk writes in a background lane on PGlite (one thread, one session): a request's chain of statements runs
 * without a background statement slipping in between, and the background still gets through its work.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { BackgroundLane } from '../../src/db/background-lane.js';
import { openTestContext, type TestContext } from '../support/db.js';

let t: TestContext;
before(async () => {
  t = await openTestContext('pglite');
});
after(() => t.close());

test("a request's statements are not interleaved with a background lane's, and the lane is not starved", async () => {
  const db = t.ctx.db;
  const lane = new BackgroundLane(1);
  const trace: string[] = [];
  const statement = (mark: string) => sql`select 1`.execute(db).then(() => void trace.push(mark));
  const background = (async () => {
    const jobs = [];
    for (let i = 0; i < 40; i++) jobs.push(lane.run(() => statement('b')));
    await Promise.all(jobs);
  })();
  // Requests arriving while the background runs: each a chain of awaited statements, like a booking.
  const requests = Array.from({ length: 4 }, async (_, r) => {
    await new Promise((resolve) => setTimeout(resolve, 5 + r * 15));
    for (let i = 0; i < 6; i++) await statement(`r${r}`);
  });

  await Promise.all([background, ...requests]);
  assert.equal(trace.filter((m) => m === 'b').length, 40);
  for (let r = 0; r < 4; r++) {
    const first = trace.indexOf(`r${r}`);
    const last = trace.lastIndexOf(`r${r}`);
    const between = trace.slice(first, last + 1);
    assert.ok(!between.includes('b'), `request ${r} interleaved: ${between.join(' ')}`);
  }
});
