/**
 * Atom feeds of the public requests and their public updates, on both databases: valid Atom 1.0 (parsed, the
 * required elements checked), only published requests, no personal data, an area's and a category's feeds
 * narrowed to them, links to the public request page, unknown feeds 404, and the public rate limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, testApp } from '../support/http.js';

const NAME = '钱多多';
const PHONE = '13822223333';
const ATOM_NS = 'http://www.w3.org/2005/Atom';
const COMMUNITY = 'xc-wangting-guoyuan';

type Entry = {
  id: string;
  title: string;
  updated: string;
  link: { '@_href': string }[];
  summary: { '#text': string };
};

for (const kind of dbKinds()) {
  describe(`Atom feeds (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    const filed: Record<string, { id: number; ticket_no: string }> = {};

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp({ ...t.ctx, config: { ...t.ctx.config, publicRateLimit: 30 } });
      const [operator, dispatcher, housing] = await Client.loginAll(
        app,
        'operator',
        'dispatcher',
        'handler.housing',
      );
      const file = async (key: string, over: Record<string, unknown>) => {
        const r = ok(
          await operator.post('/api/v1/requests', {
            title: `订阅测试${key}`,
            body: `订阅测试${key}：我是${NAME}，电话${PHONE}，楼道灯坏了`,
            type: '投诉',
            area_code: COMMUNITY,
            category_code: '010201',
            reporter: { name: NAME, phone: PHONE },
            ...over,
          }),
          201,
        );
        filed[key] = { id: r.id, ticket_no: r.ticket_no };
      };
      await file('answered', {});
      await file('private', { public_consent: false });
      await file('report', { type: '举报' });
      const categories = ok(await operator.get('/api/v1/categories')).items as { code: string }[];
      const other = categories.find((c) => !c.code.startsWith('01'))!.code;
      await file('elsewhere', { area_code: 'xc-yuanhe', category_code: other });
      const id = filed.answered!.id;
      ok(await dispatcher.act(id, 'dispatch', { department_code: 'housing' }));
      ok(await housing.act(id, 'sign'));
      ok(await housing.act(id, 'reply', { text: `已修复楼道灯，${NAME}您好` }));
    });
    after(() => closeTestApp(app, t));

    async function feed(path: string) {
      const res = await app.inject({ method: 'GET', url: path });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/atom\+xml/);
      assert.equal(XMLValidator.validate(res.body), true);
      const doc = new XMLParser({
        ignoreAttributes: false,
        isArray: (name) => ['entry', 'link', 'category'].includes(name),
      }).parse(res.body);
      const f = doc.feed;
      assert.equal(f['@_xmlns'], ATOM_NS);
      for (const k of ['id', 'title', 'updated', 'author']) assert.ok(f[k], `feed ${k}`);
      assert.ok(!Number.isNaN(Date.parse(f.updated)));
      assert.ok(
        f.link.some((l: Record<string, string>) => l['@_rel'] === 'self' && l['@_href']!.endsWith(path)),
      );
      const entries = (f.entry ?? []) as Entry[];
      for (const e of entries) {
        for (const k of ['id', 'title', 'updated', 'summary'] as const) assert.ok(e[k], `entry ${k}`);
        assert.ok(!Number.isNaN(Date.parse(e.updated)));
        assert.match(e.link[0]!['@_href'], /\/public\/requests\/\d+$/);
      }
      assert.ok(!res.body.includes(NAME) && !res.body.includes(PHONE), 'no personal data');
      return entries;
    }
    const tickets = (entries: Entry[]) =>
      [...new Set(entries.map((e) => e.link[0]!['@_href'].split('/').pop()))].sort();
    const of = (...keys: string[]) => keys.map((k) => filed[k]!.ticket_no).sort();

    test('the whole feed: published requests and their public updates, newest first, masked', async () => {
      const entries = await feed('/feeds/requests.atom');
      assert.deepEqual(tickets(entries), of('answered', 'elsewhere'));
      const answered = entries.filter((e) => e.link[0]!['@_href'].endsWith(filed.answered!.ticket_no));
      assert.deepEqual(
        answered.map((e) => e.title.slice(0, 5)),
        ['[已答复]', '[已签收]', '[已派单]', '[新诉求]'].map((x) => x.slice(0, 5)),
      );
      assert.match(answered[0]!.summary['#text'], /答复：已修复楼道灯/);
      assert.match(answered[2]!.summary['#text'], /承办单位：/);
      const times = entries.map((e) => Date.parse(e.updated));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      );
    });

    test('an area’s feed (its street holds its communities) and a category’s are narrowed to them', async () => {
      assert.deepEqual(tickets(await feed(`/feeds/areas/${COMMUNITY}.atom`)), of('answered'));
      assert.deepEqual(tickets(await feed('/feeds/areas/xc-wangting.atom')), of('answered'));
      assert.deepEqual(tickets(await feed('/feeds/areas/xc-yuanhe.atom')), of('elsewhere'));
      assert.deepEqual(tickets(await feed('/feeds/categories/01.atom')), of('answered'));
      assert.deepEqual(tickets(await feed('/feeds/categories/010201.atom')), of('answered'));
    });

    test('unknown areas or categories and malformed names are 404', async () => {
      for (const url of [
        '/feeds/areas/nowhere.atom',
        '/feeds/categories/999999.atom',
        `/feeds/areas/${COMMUNITY}.rss`,
        '/feeds/areas/%3Cx%3E.atom',
      ]) {
        const res = await app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 404, url);
      }
    });

    test('rate-limited like the public API', async () => {
      let status = 200;
      for (let i = 0; i < 40 && status === 200; i++)
        status = (await app.inject({ method: 'GET', url: '/feeds/requests.atom', remoteAddress: '10.9.9.9' }))
          .statusCode;
      assert.equal(status, 429);
    });
  });
}
