import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { centroidOf } from '../support/areas.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

for (const kind of dbKinds()) {
  describe(`GET /api/v1/areas/at: a map pin against its typed address (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    /** Points inside 渭塘镇 / 渭西村 and 元和街道 / 御窑社区. */
    let weixi: { lat: number; lon: number }, yuyao: { lat: number; lon: number };

    const at = (p: { lat: number; lon: number }, address?: string) => {
      const q = new URLSearchParams({ lat: String(p.lat), lon: String(p.lon) });
      if (address !== undefined) q.set('address', address);
      return new Client(app).get(`/api/v1/areas/at?${q}`);
    };

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      [weixi, yuyao] = await Promise.all([
        centroidOf(t.ctx, 'xc-weitang-weixi'),
        centroidOf(t.ctx, 'xc-yuanhe-yuyao'),
      ]);
    });
    after(() => closeTestApp(app, t));

    test('the bug: a pin in 渭塘镇 / 渭西村 with an address naming 元和街道 disagrees, without logging in', async () => {
      const body = ok(await at(weixi, '苏州市相城区元和街道御窑路88号'));
      assert.deepEqual(body, {
        street: { code: 'xc-weitang', name: '渭塘镇' },
        community: { code: 'xc-weitang-weixi', name: '渭西村' },
        named: [{ code: 'xc-yuanhe', name: '元和街道', level: 'street', parent_code: 'xc' }],
        disagreeing: ['元和街道'],
      });
    });

    test('an address naming the street and community that hold the pin agrees', async () => {
      const body = ok(await at(yuyao, '元和街道御窑社区御窑路88号'));
      assert.deepEqual(body.street, { code: 'xc-yuanhe', name: '元和街道' });
      assert.deepEqual(body.community, { code: 'xc-yuanhe-yuyao', name: '御窑社区' });
      assert.deepEqual(
        body.named.map((a: { code: string }) => a.code),
        ['xc-yuanhe', 'xc-yuanhe-yuyao'],
      );
      assert.deepEqual(body.disagreeing, []);
    });

    test('the right street but another of its communities: the community disagrees', async () => {
      assert.deepEqual(ok(await at(yuyao, '元和街道陆慕社区')).disagreeing, ['陆慕社区']);
    });

    test('an address naming no area, or none at all: the pin’s areas only', async () => {
      const plain = ok(await at(weixi, '御窑路88号'));
      assert.deepEqual([plain.named, plain.disagreeing], [[], []]);
      const bare = ok(await at(weixi));
      assert.equal(bare.community.name, '渭西村');
      assert.deepEqual([bare.named, bare.disagreeing], [[], []]);
    });

    test('a pin outside the city answers 422 outside_jurisdiction; bad input answers 400', async () => {
      refused(await at({ lat: 39.9, lon: 116.4 }, '元和街道'), 422, 'outside_jurisdiction');
      refused(await new Client(app).get('/api/v1/areas/at?lat=91&lon=120'), 400, 'validation_failed');
      refused(await new Client(app).get('/api/v1/areas/at?lon=120.6'), 400, 'validation_failed');
      refused(await at(weixi, '元'.repeat(301)), 400, 'text_too_long');
    });

    test('it is rate-limited as a public read', async () => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/areas/at?lat=${weixi.lat}&lon=${weixi.lon}`,
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['x-ratelimit-limit'], String(t.ctx.config.publicRateLimit));
    });
  });
}
