/**
 * A lane for bulk writes that must not crowd out interactive requests: statements in it take turns, at most
 * `width` at once, and each waits for a turn of the event loop first, so that requests that arrived meanwhile
 * are read and their queries queued ahead of the next bulk statement. On PGlite (one thread, one session)
 * the width is 1: a read or a booking then waits behind one bulk statement at most, not behind every batch
 * in flight, and the driver gives the connection to a waiting request before a statement of the lane.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

const background = new AsyncLocalStorage<true>();

/** Whether the caller runs in a background lane (the PGlite driver then lets waiting requests go first). */
export const inBackground = (): boolean => background.getStore() === true;

export class BackgroundLane {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly width: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.width) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      await nextTurn();
      return await background.run(true, work);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
