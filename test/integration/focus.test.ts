/**
 * 每月一题 and 未诉先办 through the API, on the demo city's planted stories (src/demo/focus.ts): volumes that agree
 * with the pure definition, frozen closed months, the public bulletin's view, choosing a problem and its refusals;
 * the warnings raised day by day, who reads and answers them, a key task opened with the answer or not at all,
 * and the precision and lead time the list reports.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { loadDemoFocus } from '../../src/demo/focus.js';
import { raiseWarnings } from '../../src/focus/commands/raise-warnings.js';
import { matchesDefinition } from '../../src/focus/definition.js';
import { warningQuality } from '../../src/focus/evaluation.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, ok, refused, testApp } from '../support/http.js';

const J = 'xiangcheng';
const TZ = 'Asia/Shanghai';

for (const kind of dbKinds()) {
  describe(`每月一题 and 未诉先办 (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let supervisor: Client, dispatcher: Client, headEcology: Client, handlerEcology: Client;
    let headUrban: Client, handlerHousing: Client, resident: Client, anonymous: Client;

    before(async () => {
      t = await openTestContext(kind);
      await loadDemoFocus(t.ctx, J);
      app = await testApp(t.ctx);
      [supervisor, dispatcher, headEcology, handlerEcology, headUrban, handlerHousing] =
        await Client.loginAll(
          app,
          'supervisor',
          'dispatcher',
          'head.ecology',
          'handler.ecology',
          'head.urban-mgmt',
          'handler.housing',
        );
      anonymous = new Client(app);
      resident = anonymous;
    });
    after(() => closeTestApp(app, t));

    test('each problem’s monthly volume is the count of the requests its definition matches', async () => {
      const answer = ok(await supervisor.get('/api/v1/monthly-problems'));
      assert.equal(answer.problems.length, 3);
      const { rows } = await sql<{
        title_norm: string;
        body_norm: string;
        category_code: string | null;
        area_code: string | null;
        month: string;
      }>`select title_norm, body_norm, category_code, area_code,
           to_char(created_at at time zone ${TZ}, 'YYYY-MM') as month
         from requests where jurisdiction_id = ${J}`.execute(t.ctx.db);
      const parents = async (table: 'categories' | 'areas') => {
        const m = new Map(
          (
            await t.ctx.db
              .selectFrom(table)
              .select(['code', 'parent_code'])
              .where('jurisdiction_id', '=', J)
              .execute()
          ).map((r) => [r.code, r.parent_code ?? undefined]),
        );
        return (code: string) => m.get(code);
      };
      const tree = { category: await parents('categories'), area: await parents('areas') };
      for (const p of answer.problems) {
        for (const v of p.volumes) {
          const expected = rows.filter(
            (r) => r.month === v.month && matchesDefinition(p.definition, r, tree),
          ).length;
          assert.equal(v.volume, expected, `${p.title} ${v.month}`);
        }
      }
      const charging = answer.problems.find((p: any) => p.title === '电动车充电难');
      assert.equal(charging.change.down, true);
      assert.ok(charging.change.volume < charging.change.previous);
      assert.equal(charging.tasks.length, 1);
      assert.equal(charging.lead_department.name, '相城区住房和城乡建设局');
      assert.equal(answer.summary.down, answer.problems.filter((p: any) => p.change?.down).length);
      assert.ok(answer.summary.down >= 2);
    });

    test('a closed month’s volume is frozen: re-filing a request later does not move it', async () => {
      const before = ok(await supervisor.get('/api/v1/monthly-problems'));
      const charging = before.problems.find((p: any) => p.title === '电动车充电难');
      const closed = charging.volumes.find((v: any) => v.frozen && v.volume > 0);
      assert.ok(closed, 'a closed month with requests');
      await sql`update requests set category_code = null
        where jurisdiction_id = ${J} and to_char(created_at at time zone ${TZ}, 'YYYY-MM') = ${closed.month}
          and title_norm like '%充电%'`.execute(t.ctx.db);
      const again = ok(await supervisor.get('/api/v1/monthly-problems'));
      const now = again.problems.find((p: any) => p.title === '电动车充电难');
      assert.equal(now.volumes.find((v: any) => v.month === closed.month).volume, closed.volume);
    });

    test('the public view: the summary and titles, no definition, public key tasks only; for anyone', async () => {
      const pub = ok(await anonymous.get('/api/v1/public/monthly-problems'));
      assert.equal(pub.problems.length, 3);
      for (const p of pub.problems) {
        assert.equal('definition' in p, false);
        assert.equal('description' in p, false);
        for (const task of p.tasks) assert.equal(task.public, true);
      }
      const noise = pub.problems.find((p: any) => p.title === '工地夜间施工噪音扰民');
      assert.equal(noise.tasks.length, 0, 'its key task is internal');
      assert.deepEqual(pub.summary, ok(await supervisor.get('/api/v1/monthly-problems')).summary);
    });

    test('choosing a problem: who may, and every refusal leaves nothing behind', async () => {
      const body = {
        month: '2026-12',
        title: '小区停车难',
        definition: { keywords: ['停车'] },
        lead_department_code: 'transport',
        co_department_codes: ['housing'],
        target: '诉求量环比下降',
      };
      refused(await handlerHousing.post('/api/v1/monthly-problems', body), 403, 'forbidden');
      refused(await headEcology.post('/api/v1/monthly-problems', body), 403, 'forbidden');
      refused(await anonymous.post('/api/v1/monthly-problems', body), 401, 'unauthenticated');
      const empty = refused(
        await supervisor.post('/api/v1/monthly-problems', { ...body, definition: {} }),
        400,
        'validation_failed',
      );
      assert.match(empty.error.details.issues[0].message_zh, /关键词、分类或区域/);
      const unknown = refused(
        await supervisor.post('/api/v1/monthly-problems', { ...body, lead_department_code: 'nope' }),
        422,
        'unknown_reference',
      );
      assert.deepEqual(unknown.error.details, { codes: ['nope'] });
      refused(
        await supervisor.post('/api/v1/monthly-problems', { ...body, task_ids: [999_999] }),
        422,
        'unknown_reference',
      );
      refused(
        await supervisor.post('/api/v1/monthly-problems', { ...body, month: '2026-13' }),
        400,
        'validation_failed',
      );
      const count = async () =>
        Number(
          (
            await sql<{
              n: number;
            }>`select count(*) as n from monthly_problems where title = '小区停车难'`.execute(t.ctx.db)
          ).rows[0]!.n,
        );
      assert.equal(await count(), 0);
      const created = ok(await supervisor.post('/api/v1/monthly-problems', body), 201);
      refused(await supervisor.post('/api/v1/monthly-problems', body), 409, 'conflict');
      assert.equal(await count(), 1);
      const projects = await t.ctx.db
        .selectFrom('projects')
        .select('id')
        .where('jurisdiction_id', '=', J)
        .execute();
      ok(
        await supervisor.post(`/api/v1/monthly-problems/${created.id}/tasks`, {
          task_ids: [projects[0]!.id],
        }),
      );
      const list = ok(await supervisor.get('/api/v1/monthly-problems'));
      assert.equal(list.problems.find((p: any) => p.id === created.id).tasks.length, 1);
      refused(
        await supervisor.post('/api/v1/monthly-problems/999999/tasks', { task_ids: [projects[0]!.id] }),
        404,
        'not_found',
      );
    });

    test('warnings: the centre reads all, a department its own; precision and lead time from what followed', async () => {
      const all = ok(await dispatcher.get('/api/v1/early-warnings'));
      assert.ok(all.warnings.length >= 5);
      const kinds = new Set(all.warnings.map((w: any) => `${w.kind} ${w.category_name} ${w.area_name}`));
      assert.ok(kinds.has('rising 噪音污染 元和街道'));
      assert.ok(kinds.has('rising 城管执法 太平街道'));
      assert.ok(kinds.has('repeated 城管执法 陆慕社区'));
      assert.deepEqual(all.quality, warningQuality(all.warnings.map((w: any) => w.judgement)));
      assert.ok(
        all.quality.precision > 0 && all.quality.precision < 1,
        'one planted warning was not followed',
      );
      const acted = all.warnings.find((w: any) => w.status === 'acknowledged');
      assert.equal(acted.judgement.followed, true);
      assert.ok(acted.project_id);
      const dismissed = all.warnings.find((w: any) => w.status === 'dismissed');
      assert.equal(dismissed.judgement.followed, false);
      assert.equal(
        all.warnings.every((w: any) => w.may_handle === false),
        true,
        'a dispatcher reads only',
      );

      const own = ok(await headEcology.get('/api/v1/early-warnings'));
      assert.ok(own.warnings.length > 0);
      assert.equal(
        own.warnings.every((w: any) => w.department_code === 'ecology'),
        true,
      );
      refused(await resident.get('/api/v1/early-warnings'), 401, 'unauthenticated');
      const open = ok(await headEcology.get('/api/v1/early-warnings?status=open'));
      assert.equal(
        open.warnings.every((w: any) => w.status === 'open' && w.may_handle),
        true,
      );
    });

    test('answering a warning: a key task opened with it or not at all; once only; only its department', async () => {
      const open = ok(await headEcology.get('/api/v1/early-warnings?status=open')).warnings;
      const w = open.find((x: any) => x.kind === 'rising');
      const task = {
        title: '夜间施工噪音再次上升：联合执法',
        due_date: '2027-01-31',
        target: '一周内投诉清零',
      };
      const projects = async () =>
        Number((await sql<{ n: number }>`select count(*) as n from projects`.execute(t.ctx.db)).rows[0]!.n);
      const before = await projects();
      // a handler may acknowledge but not open a ledger task
      refused(
        await handlerEcology.post(`/api/v1/early-warnings/${w.id}/answer`, { action: 'acknowledge', task }),
        403,
        'forbidden',
      );
      refused(
        await headUrban.post(`/api/v1/early-warnings/${w.id}/answer`, {
          action: 'dismiss',
          note: '不是我们的',
        }),
        403,
        'forbidden',
      );
      refused(
        await dispatcher.post(`/api/v1/early-warnings/${w.id}/answer`, { action: 'dismiss', note: 'x' }),
        403,
        'forbidden',
      );
      refused(
        await headEcology.post(`/api/v1/early-warnings/${w.id}/answer`, { action: 'dismiss', note: '' }),
        400,
        'validation_failed',
      );
      refused(
        await headEcology.post(`/api/v1/early-warnings/${w.id}/answer`, {
          action: 'acknowledge',
          task: { ...task, due_date: '2027-02-30' },
        }),
        400,
        'validation_failed',
      );
      assert.equal(await projects(), before);
      const done = ok(
        await headEcology.post(`/api/v1/early-warnings/${w.id}/answer`, {
          action: 'acknowledge',
          note: '已安排',
          task,
        }),
      );
      assert.ok(done.project_id);
      assert.equal(await projects(), before + 1);
      const project = await t.ctx.db
        .selectFrom('projects')
        .select(['kind', 'owner_department_code', 'title'])
        .where('id', '=', done.project_id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(project, { kind: 'key_task', owner_department_code: 'ecology', title: task.title });
      refused(
        await headEcology.post(`/api/v1/early-warnings/${w.id}/answer`, { action: 'dismiss', note: '再答' }),
        409,
        'conflict',
      );
      refused(
        await headEcology.post('/api/v1/early-warnings/999999/answer', { action: 'dismiss', note: 'x' }),
        404,
        'not_found',
      );
      // a handler acknowledges without a task
      const other = open.find((x: any) => x.id !== w.id);
      const plain = ok(
        await handlerEcology.post(`/api/v1/early-warnings/${other.id}/answer`, {
          action: 'acknowledge',
          note: '已知悉',
        }),
      );
      assert.equal(plain.project_id, null);
    });

    test('raising again on the same day adds nothing', async () => {
      const count = async () =>
        Number(
          (await sql<{ n: number }>`select count(*) as n from early_warnings`.execute(t.ctx.db)).rows[0]!.n,
        );
      const before = await count();
      assert.equal(await raiseWarnings(t.ctx, J), 0);
      assert.equal(await count(), before);
    });
  });
}
