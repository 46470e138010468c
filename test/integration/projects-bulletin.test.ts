/**
 * The bulletin for a ledger built to match seed 003 ("截至7月中旬…931件…已完成245项，42项市级公布项目进展过半，
 * 3个省重点备案项目按时序顺利推进"), imported from xlsx, with internal projects and a key task beside it that the
 * public bulletin must leave out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { systemActor } from '../../src/http/actor.js';
import { projectsCli } from '../../src/projects/cli.js';
import { importProjects } from '../../src/projects/commands/import.js';
import type { ProjectInput } from '../../src/projects/model.js';
import { referenceNames } from '../../src/projects/queries.js';
import { dbKinds, openTestContext, type TestContext } from '../support/db.js';
import { Client, closeTestApp, testApp } from '../support/http.js';
import { ledgerFile, seed003Ledger } from '../support/project-ledgers.js';

const J = 'xiangcheng';
const SEED_SENTENCE =
  '截至7月中旬，相城区各部门单位931件“我为群众办实事”项目已完成245项，42项市级公布项目进展过半，3个省重点备案项目按时序顺利推进。';

const extra = (i: number, over: Partial<ProjectInput>): ProjectInput => ({
  code: `NB-${i}`,
  year: 2021,
  kind: 'project',
  title: `内部项目${i}`,
  description: '',
  level: 'city_published',
  owner_department_code: 'housing',
  co_department_codes: [],
  area_codes: ['xc-wangting'],
  target: '',
  start_date: '2021-03-01',
  due_date: '2021-06-30',
  progress: 30,
  progress_note: '',
  public: false,
  milestones: [],
  ...over,
});

for (const kind of dbKinds()) {
  describe(`the bulletin on a ledger matching seed 003 (${kind})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let anonymous: Client, supervisor: Client;
    const ledger = seed003Ledger();

    before(async () => {
      t = await openTestContext(kind);
      app = await testApp(t.ctx);
      anonymous = new Client(app);
      supervisor = await Client.login(app, 'supervisor');
      const projects = [
        ...ledger,
        // internal, delayed (due 2021-06-30 at 30 %): only staff see them
        ...Array.from({ length: 20 }, (_, i) => extra(i, {})),
        // a public key task: not a 实事项目, counted in the key-task bulletin
        extra(99, { kind: 'key_task', title: '全会重点任务', public: true, progress: 100 }),
      ];
      const names = await referenceNames(t.ctx.db, J);
      const file = await ledgerFile(projects, J, names, '2021-07-15');
      const report = await importProjects(t.ctx, { actor: systemActor(J, 'test'), file });
      assert.equal(report.created, 952, JSON.stringify(report.errors.slice(0, 3)));
    });
    after(() => closeTestApp(app, t));

    test('the public bulletin states exactly the seed figures', async () => {
      const res = await anonymous.get('/api/v1/projects/bulletin?as_of=2021-07-15');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const b = res.body;
      assert.equal(b.paragraph, SEED_SENTENCE);
      assert.equal(b.period, '7月中旬');
      assert.equal(b.year, 2021);
      assert.deepEqual(
        [
          b.counts.total,
          b.counts.completed,
          b.by_level.city_published.past_halfway,
          b.by_level.provincial_key.on_schedule,
        ],
        [931, 245, 42, 3],
      );
      assert.equal(b.counts.delayed, 0);
      assert.equal(b.projects.length, 931);
      assert.ok(b.projects.every((p: any) => !p.title.startsWith('内部项目')));
      const fig = (k: string) => b.figures.find((f: any) => f.key === k);
      assert.equal(fig('past_halfway.city_published').project_ids.length, 42);
      const byId = new Map(b.projects.map((p: any) => [p.id, p]));
      assert.ok(
        fig('past_halfway.city_published').project_ids.every((id: number) => {
          const p: any = byId.get(id);
          return p.level === 'city_published' && p.progress >= 50;
        }),
      );
      assert.ok(
        fig('completed').project_ids.every((id: number) => (byId.get(id) as any).status === 'completed'),
      );
    });

    test('staff may include internal projects; scopes and kinds narrow the ledger', async () => {
      const all = (await supervisor.get('/api/v1/projects/bulletin?as_of=2021-07-15&include_internal=true'))
        .body;
      assert.equal(all.audience, 'internal');
      assert.equal(all.counts.total, 951);
      assert.equal(all.counts.delayed, 20);
      assert.equal(
        all.paragraph,
        '截至7月中旬，相城区各部门单位951件“我为群众办实事”项目已完成245项，42项市级公布项目进展过半，3个省重点备案项目按时序顺利推进。其中20项进度滞后，正加快推进。',
      );
      const housing = ledger.filter((p) => p.owner_department_code === 'housing').length;
      const dept = (
        await anonymous.get('/api/v1/projects/bulletin?as_of=2021-07-15&scope=department:housing')
      ).body;
      assert.equal(dept.counts.total, housing);
      assert.match(dept.paragraph, new RegExp(`^截至7月中旬，相城区住房和城乡建设局${housing}件`));
      const area = (await anonymous.get('/api/v1/projects/bulletin?as_of=2021-07-15&scope=area:xc-wangting'))
        .body;
      assert.equal(area.counts.total, 0, 'the public seed projects name no area; the internal ones do');
      const tasks = (await anonymous.get('/api/v1/projects/bulletin?as_of=2021-07-15&kind=key_task')).body;
      assert.equal(
        tasks.paragraph,
        '截至7月中旬，相城区各部门单位1项重点任务已完成1项，1项市级公布项目进展过半。',
      );
      // a later day: the same ledger, judged against its dates
      const later = (await anonymous.get('/api/v1/projects/bulletin?as_of=2022-01-05')).body;
      assert.equal(later.period, '1月上旬');
      assert.equal(later.year, 2022);
      assert.equal(later.counts.total, 0);
      const late2021 = (await anonymous.get('/api/v1/projects/bulletin?as_of=2022-01-05&year=2021')).body;
      assert.equal(late2021.counts.delayed, 931 - 245);
    });

    test('banshi projects bulletin prints the same paragraph and the figures', async () => {
      const out: string[] = [];
      const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
      await projectsCli(['bulletin', '--as-of', '2021-07-15'], t.ctx, io);
      assert.equal(out[0], SEED_SENTENCE);
      assert.match(out.join('\n'), /市级公布：50 项，已完成 10，进展过半 42/);
      out.length = 0;
      await projectsCli(
        ['bulletin', '--as-of', '2021-07-15', '--json', '--scope', 'department:housing'],
        t.ctx,
        io,
      );
      assert.equal(JSON.parse(out.join('\n')).scope, 'department:housing');
      await assert.rejects(projectsCli(['bulletin', '--as-of', '15/07/2021'], t.ctx, io), /YYYY-MM-DD/);
      await assert.rejects(projectsCli(['frobnicate'], t.ctx, io), /unknown command/);
    });
  });
}
