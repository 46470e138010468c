import fs from 'node:fs';
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { performAction } from '../requests/commands/perform-action.js';
import { registerRequest } from '../requests/commands/register.js';
import type { Action } from '../requests/workflow.js';
import { bbox, containsPoint } from '../routing/geo.js';
import { seededRandom } from '../text/seeded-random.js';
import { SHIPPED, type CityFile } from './reference.js';
import { demoActors } from './users.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Message = { title: string; body: string };

export type DemoRequestOptions = {
  count: number;
  /** Category (三级 code) and department for a message; the text module provides a real classifier. */
  route: (m: Message) => { category_code: string | null; department_code: string };
};

/**
 * A few hundred requests over the last 90 days, in every state, driven through the real commands with a
 * moving clock so that their timelines, deadlines and metrics are what the product would have recorded.
 */
export async function loadDemoRequests(
  ctx: AppContext,
  city: CityFile,
  opts: DemoRequestOptions,
): Promise<number> {
  const j = city.jurisdiction.id;
  const random = seededRandom(12345); // the same demo city on every machine
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const messages = readJsonl<Message>(SHIPPED.messages);
  const replies = readJsonl<{ reply: string }>(SHIPPED.replies).map((r) => r.reply);
  const user = await demoActors(ctx.db, j);
  const communities = city.areas.filter((a) => a.level === 'community' || a.level === 'grid');
  // Places drawn from a random stream of their own, so that the stories above stay what they were.
  const placeRandom = seededRandom(54321);
  const placeIn = (area: (typeof communities)[number]) => {
    if (!area.geometry) return {};
    const b = bbox(area.geometry);
    for (let tries = 0; tries < 50; tries++) {
      const lon = Number((b.min_lon + placeRandom() * (b.max_lon - b.min_lon)).toFixed(6));
      const lat = Number((b.min_lat + placeRandom() * (b.max_lat - b.min_lat)).toFixed(6));
      if (containsPoint(area.geometry, lon, lat)) return { lat, lon };
    }
    return {};
  };
  const realNow = ctx.now();
  let clock = realNow;
  // The demo drives each request's story by hand, so the classifier only suggests here (no auto-dispatch).
  const at = { ...ctx, config: { ...ctx.config, autoDispatchThreshold: 1 }, now: () => clock };
  const act = async (actor: Actor, id: number, action: Action, input: object) =>
    (await performAction(at, { actor, requestId: id, action, input })).request;

  for (let i = 0; i < opts.count; i++) {
    const m = messages[i % messages.length]!;
    const ageDays = 90 * (1 - i / opts.count) ** 1.3;
    clock = new Date(realNow.getTime() - ageDays * DAY);
    const step = (hours: number) =>
      (clock = new Date(Math.min(clock.getTime() + hours * HOUR, realNow.getTime() - 60_000)));
    const area = pick(communities);
    const route = opts.route(m);
    const phone = `1${pick(['38', '39', '50', '58', '86', '89'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    const reg = await registerRequest(at, {
      actor: user('operator'),
      channel: random() < 0.7 ? 'hotline' : 'web',
      input: {
        title: m.title.slice(0, 200),
        body: m.body.slice(0, 4000),
        type: pick(['投诉', '求助', '建议', '咨询', '举报', '投诉', '求助'] as const),
        area_code: area.code,
        ...placeIn(area),
        urgent: random() < 0.05,
        reporter: {
          name: pick(['张', '王', '李', '赵', '陈', '刘', '周']) + pick(['先生', '女士', '明', '华', '丽']),
          phone,
        },
      },
    });
    const id = reg.request.id;
    const stage = random();
    if (stage < 0.06) continue; // still waiting to be dispatched
    if (reg.request.type === '咨询' && random() < 0.5) {
      step(1);
      await act(user('operator'), id, 'answer-directly', { text: pick(replies).slice(0, 4000) });
      if (ageDays > 3)
        await act(user('operator'), id, 'follow-up', { resolved: true, satisfaction: 'satisfied' }).then(() =>
          act(user('operator'), id, 'close', {}),
        );
      continue;
    }
    step(0.5 + random() * 3);
    await act(user('dispatcher'), id, 'dispatch', {
      department_code: route.department_code,
      ...(route.category_code ? { category_code: route.category_code } : {}),
    });
    const handler = user(`handler.${route.department_code}`);
    const head = user(`head.${route.department_code}`);
    if (stage < 0.14 || ageDays < 0.5) continue; // waiting to be signed
    step(random() < 0.85 ? 2 + random() * 10 : 30 + random() * 20);
    if (stage < 0.18) {
      await act(handler, id, 'return', { reason: '该事项不属于本单位职责范围，建议改派属地街道。' });
      continue;
    }
    await act(handler, id, 'sign', {});
    if (stage < 0.25 || ageDays < 1) continue;
    step(random() < 0.8 ? 3 + random() * 12 : 40);
    await act(handler, id, 'contact', { note: '已电话联系群众，了解具体情况，约定现场查看。' });
    if (stage < 0.32 || ageDays < 3) continue;
    if (random() < 0.12) {
      await act(handler, id, 'request-extension', {
        working_days: 5,
        reason: '需协调多个部门现场处置，申请延期。',
      });
      step(4);
      const approve = random() < 0.8;
      await act(
        head,
        id,
        approve ? 'approve-extension' : 'refuse-extension',
        approve ? {} : { reason: '请按原时限办结。' },
      );
    }
    step(24 * (1 + random() * (random() < 0.85 ? 4 : 9)));
    await act(handler, id, 'reply', { text: pick(replies).slice(0, 4000) });
    if (stage < 0.45 || ageDays < 5) continue;
    step(24 + random() * 24);
    const r = random();
    const satisfaction = r < 0.72 ? 'satisfied' : r < 0.9 ? 'basically_satisfied' : 'unsatisfied';
    await act(user('operator'), id, 'follow-up', { resolved: satisfaction !== 'unsatisfied', satisfaction });
    if (satisfaction === 'unsatisfied' && random() < 0.6) {
      await act(user('operator'), id, 'reopen', { reason: '群众反映问题未解决，要求重新办理。' });
      continue;
    }
    if (stage < 0.55) continue;
    step(2);
    await act(user('operator'), id, 'close', {});
  }
  return opts.count;
}

function readJsonl<T>(url: URL): T[] {
  return fs
    .readFileSync(url, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}
