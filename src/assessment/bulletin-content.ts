/**
 * What a month's 通报 says, as data both documents print (./bulletin-html.ts, ./bulletin-xlsx.ts): title, number,
 * date, the summary sentence, the red and black lists, every unit's row and the notes on method. Pure.
 */
import { RATES, type Rate } from './scheme.js';
import type { MonthScores } from './scores.js';
import type { UnitKind, UnitScore } from './score.js';

export const RATE_LABELS: Record<Rate, string> = {
  response: '响应率',
  resolution: '解决率',
  satisfaction: '满意率',
  on_time: '按时办结率',
};

export const KIND_LABELS: Record<UnitKind, string> = { department: '部门', street: '镇（街道）' };

/** How many units make each list (fewer when fewer are ranked: a unit is never on both). */
const LIST_SIZE = 3;

export type BulletinRow = {
  rank: number | null;
  name: string;
  dispatched: number;
  rates: Record<Rate, number | null>;
  deduction_points: number;
  score: number | null;
  change: number | null;
  note: string;
};

export type BulletinSection = { kind: UnitKind; red: string[]; black: string[]; rows: BulletinRow[] };

export type BulletinContent = {
  title: string;
  number: string;
  /** YYYY-MM-DD, and as the notice writes it (2026年12月7日) */
  isoDate: string;
  date: string;
  provisional: boolean;
  summary: string;
  sections: BulletinSection[];
  method: string[];
};

const [year, monthNo] = [(m: string) => m.slice(0, 4), (m: string) => Number(m.slice(5, 7))];
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

function rowOf(u: UnitScore, min_sample: number): BulletinRow {
  const rate = (r: Rate) => u.components.find((c) => c.rate === r)!.raw;
  return {
    rank: u.rank,
    name: u.name,
    dispatched: u.counts.dispatched,
    rates: Object.fromEntries(RATES.map((r) => [r, rate(r)])) as Record<Rate, number | null>,
    deduction_points: u.deduction_points,
    score: u.score,
    change: u.rank_change,
    note: u.ranked ? '' : u.score === null ? '本月无派单' : `派单少于${min_sample}件，不参与排名`,
  };
}

const chineseDate = (iso: string) =>
  `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

export function bulletinContent(s: MonthScores, jurisdiction: string, isoDate: string): BulletinContent {
  const { scheme } = s.scheme;
  const sections = (['department', 'street'] as const).map((kind) => {
    const units = s.units.filter((u) => u.kind === kind);
    const ranked = units.filter((u) => u.ranked);
    const size = Math.min(LIST_SIZE, Math.floor(ranked.length / 2));
    return {
      kind,
      red: ranked.slice(0, size).map((u) => u.name),
      black: ranked
        .slice(ranked.length - size)
        .reverse()
        .map((u) => u.name),
      rows: units.filter((u) => u.counts.dispatched > 0 || u.ranked).map((u) => rowOf(u, scheme.min_sample)),
    };
  });
  const departments = s.units.filter((u) => u.kind === 'department');
  const dispatched = departments.reduce((n, u) => n + u.counts.dispatched, 0);
  const rankedCount = departments.filter((u) => u.ranked).length;
  const weights = RATES.filter((r) => scheme.weights[r] > 0)
    .map((r) => `${RATE_LABELS[r]}${pct(scheme.weights[r])}`)
    .join('、');
  return {
    title: `关于${year(s.month)}年${monthNo(s.month)}月12345热线诉求办理情况的通报`,
    number: `${jurisdiction}12345通〔${year(s.month)}〕${monthNo(s.month)}号`,
    isoDate,
    date: chineseDate(isoDate),
    provisional: s.status !== 'frozen',
    summary:
      `${year(s.month)}年${monthNo(s.month)}月，各承办单位共承办派单诉求${dispatched}件，` +
      `${rankedCount}个部门参与排名。` +
      sections
        .filter((x) => x.red.length)
        .map((x) => `${KIND_LABELS[x.kind]}红榜：${x.red.join('、')}；黑榜：${x.black.join('、')}。`)
        .join(''),
    sections,
    method: [
      `考核办法第${s.scheme.version}版（${s.scheme.effective_month === '0000-01' ? '默认办法' : `自${s.scheme.effective_month}起施行`}）。`,
      `综合得分 = 100 × 加权比率（${weights}）− 扣分；各项比率取威尔逊置信下限（置信度${scheme.confidence === 1.96 ? '95%' : `z=${scheme.confidence}`}），避免样本过少的单位因偶然满分排名靠前。`,
      `扣分：退回每件${scheme.deductions.returned}分，重办每件${scheme.deductions.reopened}分，超期每件${scheme.deductions.overdue}分，答复被审核退回每件${scheme.deductions.sent_back}分，合计不超过${scheme.deduction_cap}分。`,
      `当月派单少于${scheme.min_sample}件的单位列出但不参与排名；次月${scheme.close_after_days}日后成绩冻结，不再变动。`,
      ...(s.status === 'frozen' ? [] : ['本月成绩尚未冻结，为临时排名，仅供参考。']),
      `校验码 ${s.inputs_hash.slice(0, 16)}`,
    ],
  };
}
