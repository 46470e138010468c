import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppContext } from '../../src/context.js';
import type { RequestRow } from '../../src/db/schema.js';
import { systemActor } from '../../src/http/actor.js';
import { registerRequest, type RegisterInput } from '../../src/requests/commands/register.js';
import { findDuplicates, findDuplicatesOf, pruneTextBands } from '../../src/requests/duplicate-index.js';
import { triageQueue } from '../../src/triage/queue.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';

const NOISE = {
  title: '新城花园3栋楼下餐馆油烟扰民',
  body: '我是新城花园小区3栋的业主，楼下的餐馆每天从早到晚油烟直排，窗户都不敢开，多次向物业反映无果，请相关部门尽快处理。',
};
const RETOLD = {
  title: '新城花园3栋楼下餐馆油烟扰民！',
  body: '尊敬的领导您好：我是新城花园小区3棟的业主，楼下餐馆每天从早到晚油烟直排，窗户都不敢打开，多次向物业反映没有结果，请有关部门尽快处理。',
};
const UNRELATED = {
  title: '咨询公积金贷款额度',
  body: '请问在本市缴存公积金满两年，购买首套住房时公积金贷款的最高额度是多少？需要准备哪些材料？',
};
const HERE = { lat: 31.48, lon: 120.655 };
const NEARBY = { lat: 31.4809, lon: 120.655 }; // 100 m north
const FAR = { lat: 31.44, lon: 120.6 }; // about 7 km away, still in the district
const DAY = 86_400_000;

for (const kind of dbKinds()) {
  describe(`duplicate lookup (${kind})`, () => {
    let t: TestContext;
    let j: string;
    type Made = 'original' | 'unrelated' | 'far' | 'old' | 'closed' | 'sameCommunity';
    const made = {} as Record<Made, RequestRow>;

    const register = async (input: RegisterInput, ctx: AppContext = t.ctx) => {
      const { request } = await registerRequest(ctx, {
        actor: systemActor(j, 'test'),
        channel: 'hotline',
        input: { ...input, reporter: { phone: '13800138000' } },
      });
      // Triage indexes it for the lookup, after the registration has committed.
      await triageQueue(t.ctx.db).idle();
      return request;
    };

    before(async () => {
      t = await openTestContext(kind);
      j = (await t.ctx.db.selectFrom('jurisdictions').select('jurisdiction_id').executeTakeFirstOrThrow())
        .jurisdiction_id;
      made.original = await register({ ...NOISE, ...HERE });
      made.unrelated = await register({ ...UNRELATED, ...HERE });
      made.far = await register({ ...NOISE, ...FAR });
      const old = new Date(Date.now() - 40 * DAY);
      made.old = await register({ ...NOISE, ...HERE }, { ...t.ctx, now: () => old });
      made.closed = await register({ ...NOISE, ...NEARBY });
      await t.ctx.db
        .updateTable('requests')
        .set({ status: 'closed' })
        .where('jurisdiction_id', '=', j)
        .where('id', '=', made.closed.id)
        .execute();
      // No coordinates, only the community the original was placed in.
      made.sameCommunity = await register({ ...RETOLD, area_code: made.original.area_code! });
    });
    after(() => t.close());

    test('a retold complaint nearby finds the open original and the same-community report only', async () => {
      const found = await findDuplicates(t.ctx.db, {
        jurisdictionId: j,
        text: RETOLD,
        ...NEARBY,
        areaCode: made.original.area_code,
        now: new Date(),
      });
      assert.deepEqual(found.map((c) => c.id).sort(), [made.original.id, made.sameCommunity.id].sort());
      const original = found.find((c) => c.id === made.original.id)!;
      assert.equal(original.ticket_no, made.original.ticket_no);
      assert.equal(original.status, 'registered');
      assert.ok(original.distance_m! > 80 && original.distance_m! < 120, String(original.distance_m));
      assert.ok(original.text_similarity > 0.5 && original.score <= original.text_similarity);
      const viaArea = found.find((c) => c.id === made.sameCommunity.id)!;
      assert.equal(viaArea.distance_m, null);
      assert.equal(viaArea.same_area, true);
      assert.ok(found[0]!.score >= found[1]!.score);
    });

    test('a wider radius and window bring the far and the old reports; closed ones never come back', async () => {
      const found = await findDuplicates(t.ctx.db, {
        jurisdictionId: j,
        text: NOISE,
        ...HERE,
        areaCode: made.original.area_code,
        now: new Date(),
        radiusMetres: 20_000,
        days: 60,
        limit: 10,
      });
      const ids = found.map((c) => c.id);
      for (const k of ['original', 'far', 'old', 'sameCommunity'] as const)
        assert.ok(ids.includes(made[k].id), k);
      assert.ok(!ids.includes(made.closed.id));
      assert.ok(!ids.includes(made.unrelated.id));
    });

    test('the duplicates of a registered request exclude itself', async () => {
      const found = await findDuplicatesOf(t.ctx.db, j, made.original.id, { now: new Date() });
      assert.deepEqual(
        found.map((c) => c.id),
        [made.sameCommunity.id],
      );
    });

    test('an unrelated text finds nothing; pruning removes old band rows', async () => {
      const text = '小区门口的路灯坏了一个多月，晚上出行很不安全，希望尽快维修。';
      const found = await findDuplicates(t.ctx.db, { jurisdictionId: j, text, ...NEARBY, now: new Date() });
      assert.deepEqual(found, []);
      assert.equal(await pruneTextBands(t.ctx.db, new Date(Date.now() - 30 * DAY)), 32);
    });
  });
}
