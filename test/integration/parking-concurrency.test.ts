/**
 * No overbooking under concurrency, enforced by the database: 200 residents try at once for the last 5 spaces
 * of a window, and exactly 5 succeed — through the booking command, and through bare INSERTs that skip every
 * check of the application.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../../src/http/actor.js';
import { AppError } from '../../src/http/errors.js';
import { bookSpace, plateHash } from '../../src/parking/commands/book.js';
import { createSite } from '../../src/parking/commands/sites.js';
import { createWindow } from '../../src/parking/commands/windows.js';
import { SiteBody, WindowBody } from '../../src/parking/schemas.js';
import { findOrCreateResident } from '../../src/users/users.js';
import { actorFor } from '../support/actors.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { schoolSite } from '../support/parking.js';

const J = 'xiangcheng';
const ATTEMPTS = 200;

for (const kind of dbKinds()) {
  describe(`no overbooking under concurrency (${kind})`, () => {
    let t: TestContext;
    let residents: Actor[];
    let siteId: number;
    const start = new Date(Math.ceil((Date.now() + 3_600_000) / 3_600_000) * 3_600_000);
    const end = new Date(start.getTime() + 2 * 3_600_000);

    before(async () => {
      t = await openTestContext(kind);
      const admin = await actorFor(t.ctx, 'admin');
      siteId = await createSite(t.ctx, { actor: admin, input: SiteBody.parse(schoolSite) });
      residents = [];
      for (let i = 0; i < ATTEMPTS + 3; i++) {
        const phone = `1370000${String(i).padStart(4, '0')}`;
        const id = await findOrCreateResident(t.ctx.db, t.ctx.vault, J, phone);
        residents.push({
          kind: 'user',
          jurisdictionId: J,
          userId: id,
          role: 'resident',
          departmentCode: null,
          areaCode: null,
          label: '居民',
          phoneHash: t.ctx.vault.hash(phone),
        });
      }
    });
    after(() => t.close());

    const openWindow = async (spaces: number) =>
      createWindow(t.ctx, {
        actor: await actorFor(t.ctx, 'handler.education'),
        siteId,
        input: WindowBody.parse({ audience: 'public', spaces, hours: '24/7', valid_from: '2020-01-01' }),
      });
    const live = async (windowId: number) =>
      Number(
        (
          await t.ctx.db
            .selectFrom('parking_bookings')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('window_id', '=', windowId)
            .where('status', 'in', ['confirmed', 'checked_in'])
            .executeTakeFirstOrThrow()
        ).n,
      );

    test(`${ATTEMPTS} residents at once for the last 5 of 8 spaces: exactly 5 succeed, the rest are told it is full`, async () => {
      const windowId = await openWindow(8);
      const book = (i: number) =>
        bookSpace(t.ctx, {
          actor: residents[i]!,
          input: { window_id: windowId, starts_at: start, ends_at: end, plate: `苏E${10000 + i}` },
        });
      for (let i = 0; i < 3; i++) await book(i);
      const outcomes = await Promise.allSettled(Array.from({ length: ATTEMPTS }, (_, k) => book(k + 3)));
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const codes = outcomes.flatMap((o) =>
        o.status === 'rejected' ? [o.reason instanceof AppError ? o.reason.code : String(o.reason)] : [],
      );
      assert.equal(won.length, 5);
      assert.deepEqual([...new Set(codes)], ['parking_full']);
      assert.equal(await live(windowId), 8);
    });

    test('bare INSERTs racing past the application are held to the window’s spaces by the database', async () => {
      const windowId = await openWindow(5);
      const outcomes = await Promise.allSettled(
        Array.from({ length: ATTEMPTS }, (_, i) =>
          t.ctx.db
            .insertInto('parking_bookings')
            .values({
              jurisdiction_id: J,
              window_id: windowId,
              site_id: siteId,
              resident_user_id:
                residents[i]!.kind === 'user' ? (residents[i] as { userId: number }).userId : 0,
              resident_phone_hash: `raw-${i}`,
              plate_enc: t.ctx.vault.encrypt(`苏F${10000 + i}`),
              plate_hash: plateHash(t.ctx, `苏F${10000 + i}`),
              plate_mask: '苏F***00',
              starts_at: start,
              ends_at: end,
              status: 'confirmed',
            })
            .execute(),
        ),
      );
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 5);
      assert.equal(await live(windowId), 5);
      // A booking after the others end still fits; one overlapping a single one of them does not.
      await t.ctx.db
        .insertInto('parking_bookings')
        .values({
          jurisdiction_id: J,
          window_id: windowId,
          site_id: siteId,
          resident_user_id: (residents[0] as { userId: number }).userId,
          resident_phone_hash: 'raw-after',
          plate_enc: 'x',
          plate_hash: 'raw-after',
          plate_mask: 'x',
          starts_at: end,
          ends_at: new Date(end.getTime() + 3_600_000),
          status: 'confirmed',
        })
        .execute();
      await assert.rejects(
        t.ctx.db
          .insertInto('parking_bookings')
          .values({
            jurisdiction_id: J,
            window_id: windowId,
            site_id: siteId,
            resident_user_id: (residents[0] as { userId: number }).userId,
            resident_phone_hash: 'raw-edge',
            plate_enc: 'x',
            plate_hash: 'raw-edge',
            plate_mask: 'x',
            starts_at: new Date(end.getTime() - 60_000),
            ends_at: new Date(end.getTime() + 60_000),
            status: 'confirmed',
          })
          .execute(),
        /no space left/,
      );
    });
  });
}
