/**
 * The assessment through the API: who may read, preview and change the scheme, the month's ranking as the
 * dashboard reads it, the drill-down limited to a head's own unit, and the 通报 as xlsx and PDF — the same
 * document when asked twice, the PDF's first page holding the title and the table.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { addMonths, monthOf } from '../../src/assessment/month.js';
import { DEFAULT_SCHEME } from '../../src/assessment/scheme.js';
import { localDate } from '../../src/requests/deadlines.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, testApp } from '../support/http.js';

const TZ = 'Asia/Shanghai';

/** The text of a PDF's first page, by Mozilla's pdf.js. */
async function firstPageText(pdf: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: true }).promise;
  const page = await doc.getPage(1);
  const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
  await doc.destroy();
  return text;
}

for (const kind of dbKinds()) {
  describe(`assessment API (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let admin: Client,
      supervisor: Client,
      head: Client,
      handler: Client,
      operator: Client,
      dispatcher: Client;
    const current = monthOf(localDate(new Date(), TZ));
    const closed = addMonths(current, -2);

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      [admin, supervisor, head, handler, operator, dispatcher] = await Client.loginAll(
        app,
        'admin',
        'supervisor',
        'head.housing',
        'handler.housing',
        'operator',
        'dispatcher',
      );
      // a few requests of this month through the lifecycle
      for (let i = 0; i < 4; i++) {
        const created = await operator.post('/api/v1/requests', {
          body: `小区楼道灯不亮 ${i}`,
          area_code: 'xc-wangting',
          reporter: { phone: '13700000000' },
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const id = created.body.id as number;
        assert.equal((await dispatcher.act(id, 'dispatch', { department_code: 'housing' })).status, 200);
        if (i === 0)
          assert.equal((await handler.act(id, 'return', { reason: '不属于本单位职责' })).status, 200);
        else assert.equal((await handler.act(id, 'sign')).status, 200);
      }
    });
    after(() => closeTestApp(app, t));

    test('the month’s ranking: every reader, not a handler; the current month is provisional', async () => {
      assert.equal((await handler.get(`/api/v1/assessment/months/${current}`)).status, 403);
      const res = await head.get(`/api/v1/assessment/months/${current}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'provisional');
      assert.equal(res.body.scheme.version, 0);
      const housing = res.body.units.find((u: { code: string }) => u.code === 'housing');
      assert.equal(housing.counts.dispatched, 3, 'the returned one left the department');
      assert.equal(housing.counts.returned, 1);
      assert.equal(housing.ranked, false, 'under the minimum sample of 10');
      assert.match(res.body.method.zh, /威尔逊/);
      assert.equal((await head.get('/api/v1/assessment/months/2026-13')).status, 400);
    });

    test('the drill-down: a head into their own unit only', async () => {
      const own = await head.get(`/api/v1/assessment/months/${current}/units/department/housing/requests`);
      assert.equal(own.status, 200);
      assert.deepEqual(
        own.body.requests.map((r: { reasons: string[] }) => r.reasons),
        [['returned']],
      );
      assert.equal(
        (await head.get(`/api/v1/assessment/months/${current}/units/department/transport/requests`)).status,
        403,
      );
      assert.equal(
        (await supervisor.get(`/api/v1/assessment/months/${current}/units/street/xc-wangting/requests`))
          .status,
        200,
      );
    });

    test('a preview re-ranks without saving; only an admin saves a scheme, never for a closed month', async () => {
      const scheme = { ...DEFAULT_SCHEME, min_sample: 1 };
      assert.equal((await head.post(`/api/v1/assessment/months/${current}/preview`, scheme)).status, 403);
      const preview = await supervisor.post(`/api/v1/assessment/months/${current}/preview`, scheme);
      assert.equal(preview.status, 200);
      assert.equal(preview.body.status, 'preview');
      assert.equal(preview.body.units.find((u: { code: string }) => u.code === 'housing').rank, 1);
      const body = { effective_month: current, scheme, note: '小样本也排名' };
      assert.equal((await supervisor.post('/api/v1/assessment/schemes', body)).status, 403);
      const bad = await admin.post('/api/v1/assessment/schemes', {
        ...body,
        scheme: { ...scheme, weights: { ...scheme.weights, on_time: 0.5 } },
      });
      assert.equal(bad.status, 422);
      assert.equal(bad.body.error.code, 'invalid_scheme');
      assert.equal(
        (await admin.post('/api/v1/assessment/schemes', { ...body, effective_month: closed })).body.error
          .code,
        'month_closed',
      );
      assert.equal(
        (await admin.post('/api/v1/assessment/schemes', { ...body, scheme: { ...scheme, x: 1 } })).status,
        400,
      );
      const saved = await admin.post('/api/v1/assessment/schemes', body);
      assert.equal(saved.status, 201);
      assert.equal(saved.body.version, 1);
      const after = await head.get(`/api/v1/assessment/months/${current}`);
      assert.equal(after.body.scheme.version, 1);
      assert.equal(after.body.units.find((u: { code: string }) => u.code === 'housing').rank, 1);
      const versions = (await head.get('/api/v1/assessment/schemes')).body.versions;
      assert.deepEqual(
        versions.map((v: { version: number }) => v.version),
        [1, 0],
      );
    });

    test('the 通报: xlsx and PDF, the same document twice; the PDF’s first page has the title and the table', async () => {
      const token = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'supervisor', password: 'banshi-demo' },
        })
      ).json().token;
      const download = async (format: 'pdf' | 'xlsx') => {
        const res = await app.inject({
          method: 'GET',
          url: `/api/v1/assessment/months/${current}/bulletin.${format}`,
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(res.statusCode, 200, res.body);
        return res.rawPayload;
      };
      const xlsx = await download('xlsx');
      assert.deepEqual(await download('xlsx'), xlsx);
      const zip = await JSZip.loadAsync(xlsx);
      const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
      assert.match(strings, /12345热线诉求办理情况的通报/);
      assert.match(strings, /综合得分/);

      if (!fs.existsSync(t.ctx.config.chromium)) {
        // a server without Chromium (BANSHI_SKIP_BROWSER=1 machines) says so instead of failing
        const res = await app.inject({
          method: 'GET',
          url: `/api/v1/assessment/months/${current}/bulletin.pdf`,
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(res.statusCode, 503);
        assert.equal(res.json().error.code, 'pdf_unavailable');
        return;
      }
      const pdf = await download('pdf');
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      assert.deepEqual(await download('pdf'), pdf);
      const text = await firstPageText(pdf);
      assert.match(text.replace(/\s+/g, ''), /年\d+月12345热线诉求办理情况的通报/);
      assert.match(text, /综合得分/);
      assert.match(text, /住房/);
    });
  });
}
