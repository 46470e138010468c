import type { AppContext } from '../context.js';
import { loadDemoActivities } from './activities.js';
import { loadDemoCoHandling } from './co-handling.js';
import { loadDemoDisputes } from './disputes.js';
import { loadDemoParking } from './parking.js';
import { loadDemoKnowledge } from './knowledge.js';
import { loadDemoFocus } from './focus.js';
import { loadDemoProjects } from './projects.js';
import { loadDemoReplies } from './replies.js';
import { loadReference, readCity } from './reference.js';
import { loadDemoRequests, type DemoRequestOptions } from './requests.js';
import { triageQueue } from '../triage/queue.js';
import { loadDemoUsers } from './users.js';

export const DEMO_JURISDICTION = 'xiangcheng';

export async function hasJurisdiction(ctx: AppContext, id: string): Promise<boolean> {
  return !!(await ctx.db
    .selectFrom('jurisdictions')
    .select('jurisdiction_id')
    .where('jurisdiction_id', '=', id)
    .executeTakeFirst());
}

/** 相城区: areas, departments, taxonomy, demo users, a few hundred requests in every state (吹哨报到 ones too), the ledger, parking, the 知识库, 每月一题 and 未诉先办, reply templates and reply review (回复审核), disputed ratings (差评复核), 宣讲 and 学习 activities. */
export async function loadDemo(
  ctx: AppContext,
  opts: { requests?: number; route?: DemoRequestOptions['route'] } = {},
): Promise<{ users: number; requests: number }> {
  const city = readCity();
  await loadReference(ctx.db, city);
  const users = await loadDemoUsers(ctx.db, city, ctx.config.demoPassword);
  const route = opts.route ?? (await defaultRoute(ctx, city.jurisdiction.id));
  const requests = await loadDemoRequests(ctx, city, { count: opts.requests ?? 300, route });
  await loadDemoCoHandling(ctx, city.jurisdiction.id);
  // Before reply review is set up: the needs' replies are not held for review.
  await loadDemoActivities(ctx, city.jurisdiction.id);
  await loadDemoProjects(ctx, city.jurisdiction.id);
  await loadDemoParking(ctx, city.jurisdiction.id);
  await loadDemoKnowledge(ctx, city.jurisdiction.id);
  await loadDemoReplies(ctx, city.jurisdiction.id);
  await loadDemoDisputes(ctx, city.jurisdiction.id);
  await loadDemoFocus(ctx, city.jurisdiction.id);
  // The duplicate index must hold every demo request before the city is served.
  await triageQueue(ctx.db).idle();
  return { users, requests };
}

/** Until a classifier is at hand: a level-3 category chosen by the message's hash, and its default department. */
async function defaultRoute(ctx: AppContext, j: string): Promise<DemoRequestOptions['route']> {
  const cats = await ctx.db
    .selectFrom('categories')
    .select(['code', 'default_department_code'])
    .where('jurisdiction_id', '=', j)
    .where('level', '=', 3)
    .where('default_department_code', 'is not', null)
    .orderBy('code')
    .execute();
  return (m) => {
    let h = 0;
    for (const ch of m.title + m.body) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    const c = cats[h % cats.length]!;
    return { category_code: c.code, department_code: c.default_department_code! };
  };
}
