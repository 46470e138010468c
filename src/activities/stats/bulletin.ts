/**
 * The 宣讲 bulletin sentence, in the style of the source reports ("今年以来，全区各宣讲团开展宣讲活动 128 场，覆盖社区
 * 45 个（目标 52 个），参与群众 6,200 余人次，收集意见建议 86 条，已解决 71 条。"): the period in words, the
 * jurisdiction's scope (全区, 全市, 全镇…), counts written exactly and the attendance rounded down as the reports
 * round it (6,200 余, 1.2 万余, 47 万余). Pure.
 */

/** What the sentence says; every count is of held sessions (not cancelled, ended) in the period. */
export type BulletinFigures = {
  /** 宣讲 sessions held. */
  lectures: number;
  /** 学习 sessions held (中心组学习, 三会一课, 主题党日). */
  studies: number;
  /** Distinct communities that had a held session. */
  communitiesCovered: number;
  /** Communities the topics' targets ask for, or null when no topic has a target. */
  communitiesTarget: number | null;
  /** Named attendees plus headcounts. */
  attendance: number;
  needsRaised: number;
  needsResolved: number;
};

export type BulletinPeriod = {
  /** First local day counted (YYYY-MM-DD), or none: from the beginning. */
  from?: string | undefined;
  /** Last local day counted (YYYY-MM-DD, inclusive), or none: up to today. */
  to?: string | undefined;
  /** Today in the jurisdiction (YYYY-MM-DD). */
  today: string;
};

/** `1234567` → `1,234,567`. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A large count as the reports write it, rounded down with 余 when something was dropped: below 100 exactly
 * (86); below 10,000 to two significant digits (860 余, 6,200 余, 6,200); below 100,000 in 万 to one decimal
 * (1.2 万余, 3 万); above in whole 万 (47 万余, 121 万余).
 */
export function approximateCount(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a count: ${n}`);
  if (n < 100) return String(n);
  if (n < 10_000) {
    const unit = 10 ** (String(n).length - 2);
    const kept = Math.floor(n / unit) * unit;
    return `${groupDigits(kept)}${kept === n ? '' : ' 余'}`;
  }
  const unit = n < 100_000 ? 1_000 : 10_000;
  const kept = Math.floor(n / unit) * unit;
  const wan = unit === 1_000 ? String(kept / 10_000) : groupDigits(kept / 10_000);
  return `${wan} 万${kept === n ? '' : '余'}`;
}

/** The whole jurisdiction in words: 相城区 → 全区, 无锡市 → 全市, 望亭镇 → 全镇, 元和街道 → 全街道. */
export function scopeOf(jurisdictionName: string): string {
  const name = jurisdictionName.trim();
  const suffix = ['街道', '区', '市', '县', '镇', '乡', '州', '旗'].find((s) => name.endsWith(s));
  return suffix ? `全${suffix}` : '全域';
}

type Ymd = { y: number; m: number; d: number };
const parse = (date: string): Ymd => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
};
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const day = (p: Ymd, withYear: boolean) => `${withYear ? `${p.y}年` : ''}${p.m}月${p.d}日`;

/**
 * The period in words: 今年以来, 截至目前, 2026年11月, 2026年1月至6月, 2025年, 2026年3月5日至4月10日, 2026年3月以来,
 * 截至2026年6月30日. A `to` on or after today is "up to now".
 */
export function periodPhrase({ from, to, today }: BulletinPeriod): string {
  const now = parse(today);
  const open = !to || to >= today;
  if (!from) return open ? '截至目前' : `截至${day(parse(to), true)}`;
  const f = parse(from);
  if (open) {
    if (f.m === 1 && f.d === 1 && f.y === now.y) return '今年以来';
    return f.d === 1 ? `${f.y}年${f.m}月以来` : `${day(f, true)}以来`;
  }
  const t = parse(to);
  const wholeMonths = f.d === 1 && t.d === daysIn(t.y, t.m);
  if (wholeMonths && f.y === t.y) {
    if (f.m === 1 && t.m === 12) return `${f.y}年`;
    return f.m === t.m ? `${f.y}年${f.m}月` : `${f.y}年${f.m}月至${t.m}月`;
  }
  if (wholeMonths) return `${f.y}年${f.m}月至${t.y}年${t.m}月`;
  return `${day(f, true)}至${day(t, f.y !== t.y)}`;
}

/** The bulletin sentence; with a topic, it opens 围绕“…”主题. */
export function bulletinText(
  figures: BulletinFigures,
  period: BulletinPeriod,
  opts: { jurisdictionName: string; topicTitle?: string | undefined },
): string {
  const when = periodPhrase(period);
  const about = opts.topicTitle ? `围绕“${opts.topicTitle}”主题，` : '';
  const scope = scopeOf(opts.jurisdictionName);
  const f = figures;
  if (f.lectures + f.studies === 0) return `${when}，${about}${scope}尚未开展宣讲和学习活动。`;
  const parts: string[] = [];
  if (f.lectures > 0) parts.push(`${scope}各宣讲团开展宣讲活动 ${groupDigits(f.lectures)} 场`);
  if (f.studies > 0)
    parts.push(`${f.lectures > 0 ? '' : scope}各基层党组织开展学习活动 ${groupDigits(f.studies)} 场`);
  if (f.communitiesCovered > 0 || f.communitiesTarget !== null) {
    const target = f.communitiesTarget === null ? '' : `（目标 ${groupDigits(f.communitiesTarget)} 个）`;
    parts.push(`覆盖社区 ${groupDigits(f.communitiesCovered)} 个${target}`);
  }
  if (f.attendance > 0) {
    const count = approximateCount(f.attendance);
    parts.push(`参与群众 ${count}${/[余万]$/.test(count) ? '' : ' '}人次`);
  }
  if (f.needsRaised > 0) {
    parts.push(`收集意见建议 ${groupDigits(f.needsRaised)} 条`);
    parts.push(f.needsResolved > 0 ? `已解决 ${groupDigits(f.needsResolved)} 条` : '正在办理中');
  }
  return `${when}，${about}${parts.join('，')}。`;
}
