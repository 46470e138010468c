/**
 * The bulletin (进展通报): the numbers the public is told and the paragraph that states them, in the style of
 * the Wuxi report (seed 003): "截至7月中旬，无锡各部门单位931件“我为群众办实事”项目已完成245项，42项市级公布
 * 项目进展过半，3个省重点备案项目按时序顺利推进。" A pure function of the ledger's rows and the day asked.
 *
 * What each number counts (see ./status.ts for the status rules):
 *   total         every project in scope
 *   completed     status completed
 *   past_halfway  progress ≥ 50 % or completed (进展过半, our reading of the seed: completed projects have passed
 *                 half-way too, and the figure only grows through the year)
 *   on_schedule   not delayed (按时序推进: completed, not yet started and in-progress projects that meet their dates)
 *   delayed       status delayed
 * each overall and by level; the paragraph names the total, the completed, the city-published projects past
 * half-way and the provincial key projects on schedule, then any delays.
 */
import type { ProjectKind, ProjectLevel } from '../db/schema.js';
import {
  deriveStatus,
  isPastHalfway,
  LEVEL_LABELS,
  LEVELS,
  type ProjectFacts,
  type ProjectStatus,
} from './status.js';

export type BulletinProject = ProjectFacts & { id: number; level: ProjectLevel };

export type Tally = {
  total: number;
  completed: number;
  past_halfway: number;
  on_schedule: number;
  delayed: number;
  not_started: number;
};

export type Figure = {
  key: string;
  label: string;
  level: ProjectLevel | null;
  count: number;
  project_ids: number[];
};

export type Bulletin = {
  as_of: string;
  period: string;
  counts: Tally;
  by_level: Record<ProjectLevel, Tally>;
  /** Every number above with the projects behind it. */
  figures: Figure[];
  statuses: Record<number, ProjectStatus>;
  paragraph: string;
};

/** 上旬 (days 1–10), 中旬 (11–20), 下旬 (21 to the month's end) of a local date 'YYYY-MM-DD'. */
export function periodOf(asOf: string): { month: number; part: '上旬' | '中旬' | '下旬'; label: string } {
  const month = Number(asOf.slice(5, 7));
  const day = Number(asOf.slice(8, 10));
  const part = day <= 10 ? '上旬' : day <= 20 ? '中旬' : '下旬';
  return { month, part, label: `${month}月${part}` };
}

const TALLY_KEYS = ['total', 'completed', 'past_halfway', 'on_schedule', 'delayed', 'not_started'] as const;
const TALLY_LABELS: Record<(typeof TALLY_KEYS)[number], string> = {
  total: '项目总数',
  completed: '已完成',
  past_halfway: '进展过半',
  on_schedule: '按时序推进',
  delayed: '进度滞后',
  not_started: '尚未开工',
};

export function buildBulletin(
  projects: readonly BulletinProject[],
  opts: {
    asOf: string;
    /** Who the projects belong to, as the sentence names them: "相城区各部门单位", "相城区住房和城乡建设局". */
    subject: string;
    kind?: ProjectKind;
  },
): Bulletin {
  const lists: Record<string, number[]> = {};
  const push = (key: string, id: number) => (lists[key] ??= []).push(id);
  const statuses: Record<number, ProjectStatus> = {};
  for (const p of projects) {
    const status = deriveStatus(p, opts.asOf);
    statuses[p.id] = status;
    const facts: Record<(typeof TALLY_KEYS)[number], boolean> = {
      total: true,
      completed: status === 'completed',
      past_halfway: isPastHalfway(p),
      on_schedule: status !== 'delayed',
      delayed: status === 'delayed',
      not_started: status === 'not_started',
    };
    for (const k of TALLY_KEYS) {
      if (!facts[k]) continue;
      push(k, p.id);
      push(`${k}.${p.level}`, p.id);
    }
  }
  const tally = (suffix = ''): Tally =>
    Object.fromEntries(TALLY_KEYS.map((k) => [k, lists[`${k}${suffix}`]?.length ?? 0])) as Tally;
  const counts = tally();
  const by_level = Object.fromEntries(LEVELS.map((l) => [l, tally(`.${l}`)])) as Record<ProjectLevel, Tally>;
  const figures: Figure[] = [
    ...TALLY_KEYS.map((k) => ({
      key: k,
      label: TALLY_LABELS[k],
      level: null,
      count: counts[k],
      project_ids: lists[k] ?? [],
    })),
    ...LEVELS.flatMap((l) =>
      TALLY_KEYS.map((k) => ({
        key: `${k}.${l}`,
        label: `${LEVEL_LABELS[l]}${k === 'total' ? '项目' : `项目${TALLY_LABELS[k]}`}`,
        level: l,
        count: by_level[l][k],
        project_ids: lists[`${k}.${l}`] ?? [],
      })),
    ),
  ];
  const period = periodOf(opts.asOf).label;
  return {
    as_of: opts.asOf,
    period,
    counts,
    by_level,
    figures,
    statuses,
    paragraph: paragraph({ period, subject: opts.subject, kind: opts.kind ?? 'project', counts, by_level }),
  };
}

function paragraph(b: {
  period: string;
  subject: string;
  kind: ProjectKind;
  counts: Tally;
  by_level: Record<ProjectLevel, Tally>;
}): string {
  const { counts, by_level } = b;
  const what = b.kind === 'project' ? '件“我为群众办实事”项目' : '项重点任务';
  if (counts.total === 0)
    return `截至${b.period}，${b.subject}暂无${b.kind === 'project' ? '“我为群众办实事”项目' : '重点任务'}。`;
  const clauses = [`截至${b.period}，${b.subject}${counts.total}${what}已完成${counts.completed}项`];
  const city = by_level.city_published;
  if (city.total > 0) clauses.push(`${city.past_halfway}项市级公布项目进展过半`);
  const prov = by_level.provincial_key;
  if (prov.total > 0)
    clauses.push(
      prov.on_schedule === prov.total
        ? `${prov.total}个省重点备案项目按时序顺利推进`
        : `${prov.total}个省重点备案项目中${prov.on_schedule}个按时序推进`,
    );
  let text = `${clauses.join('，')}。`;
  if (counts.delayed > 0) text += `其中${counts.delayed}项进度滞后，正加快推进。`;
  return text;
}
