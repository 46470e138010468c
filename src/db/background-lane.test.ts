import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BackgroundLane } from './background-lane.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

test('a lane of width 1 runs its work one at a time, in order', async () => {
  const lane = new BackgroundLane(1);
  let inside = 0;
  let most = 0;
  const order: number[] = [];
  await Promise.all(
    [0, 1, 2, 3, 4].map((i) =>
      lane.run(async () => {
        most = Math.max(most, ++inside);
        await tick();
        order.push(i);
        inside--;
      }),
    ),
  );
  assert.equal(most, 1);
  assert.deepEqual(order, [0, 1, 2, 3, 4]);
});

test('a wider lane runs up to its width at once, and a failure frees its place', async () => {
  const lane = new BackgroundLane(2);
  let inside = 0;
  let most = 0;
  const results = await Promise.allSettled(
    [0, 1, 2, 3, 4, 5].map((i) =>
      lane.run(async () => {
        most = Math.max(most, ++inside);
        await tick();
        inside--;
        if (i % 2) throw new Error(`job ${i}`);
        return i;
      }),
    ),
  );
  assert.equal(most, 2);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'rejected'],
  );
  assert.equal(await lane.run(async () => 'free'), 'free');
});

test('work in the lane waits for a turn of the event loop, so that pending callbacks run first', async () => {
  const lane = new BackgroundLane(1);
  const seen: string[] = [];
  setImmediate(() => seen.push('callback'));
  await lane.run(async () => seen.push('work'));
  assert.deepEqual(seen, ['callback', 'work']);
});
