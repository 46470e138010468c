/**
 * What makes a project valid, for the API and for the xlsx import alike: each issue names its field and says
 * what is wrong in Chinese (the import report, read by office staff) and in English (the API's details).
 */
import type { ProjectInput } from './model.js';
import { isIsoDate, isWeighted, progressFromMilestones } from './status.js';

export type Issue = { field: string; zh: string; en: string; reference?: boolean };

export type RefSets = { departments: ReadonlyMap<string, unknown>; areas: ReadonlyMap<string, unknown> };

export const LIMITS = {
  title: 200,
  description: 4000,
  target: 2000,
  note: 2000,
  milestones: 50,
  code: 50,
} as const;

/** Tolerance when a stated 完成比例 is compared with the figure derived from weighted milestones. */
export const PROGRESS_TOLERANCE = 0.5;

export function projectIssues(
  p: ProjectInput,
  refs: RefSets,
  today: string,
  opts: { statedProgress?: boolean } = {},
): Issue[] {
  const out: Issue[] = [];
  const add = (field: string, zh: string, en: string, reference = false) =>
    out.push({ field, zh, en, ...(reference ? { reference } : {}) });
  const text = (field: string, value: string, max: number, required = false) => {
    if (required && value.trim() === '') add(field, '不能为空', 'is required');
    if ([...value].length > max) add(field, `超过${max}字`, `longer than ${max} characters`);
  };
  if (p.code !== undefined) {
    if (!/^[\p{L}\p{N}_\-./]{1,50}$/u.test(p.code))
      add(
        'code',
        '项目编号只能由字母、数字和 - _ . / 组成，最多50字',
        'letters, digits and - _ . / only, at most 50',
      );
  }
  text('title', p.title, LIMITS.title, true);
  text('description', p.description, LIMITS.description);
  text('target', p.target, LIMITS.target);
  text('progress_note', p.progress_note, LIMITS.note);
  if (!Number.isInteger(p.year) || p.year < 2000 || p.year > 2100)
    add('year', '年度应为2000–2100之间的整数', 'a year between 2000 and 2100');
  if (!refs.departments.has(p.owner_department_code))
    add(
      'owner_department_code',
      `责任单位“${p.owner_department_code}”不存在`,
      `unknown department ${p.owner_department_code}`,
      true,
    );
  const seen = new Set<string>();
  for (const c of p.co_department_codes) {
    if (!refs.departments.has(c))
      add('co_department_codes', `配合单位“${c}”不存在`, `unknown department ${c}`, true);
    else if (c === p.owner_department_code)
      add('co_department_codes', `配合单位“${c}”与责任单位相同`, `${c} is the owner department`);
    else if (seen.has(c)) add('co_department_codes', `配合单位“${c}”重复`, `${c} is listed twice`);
    seen.add(c);
  }
  for (const a of p.area_codes)
    if (!refs.areas.has(a)) add('area_codes', `区域“${a}”不存在`, `unknown area ${a}`, true);
  if (new Set(p.area_codes).size !== p.area_codes.length)
    add('area_codes', '区域重复', 'an area is listed twice');
  if (!isIsoDate(p.due_date)) add('due_date', '完成时限不是有效日期', 'not a valid date');
  if (p.start_date !== null) {
    if (!isIsoDate(p.start_date)) add('start_date', '开始时间不是有效日期', 'not a valid date');
    else if (isIsoDate(p.due_date) && p.start_date > p.due_date)
      add('start_date', '开始时间晚于完成时限', 'after the due date');
  }
  if (!Number.isFinite(p.progress) || p.progress < 0 || p.progress > 100)
    add('progress', '完成比例应在0%–100%之间', 'between 0 and 100');
  if (p.milestones.length > LIMITS.milestones)
    add('milestones', `节点最多${LIMITS.milestones}个`, `at most ${LIMITS.milestones} milestones`);
  p.milestones.forEach((m, i) => {
    const f = `milestones.${i}`;
    const label = `节点${i + 1}`;
    if (m.title.trim() === '') add(`${f}.title`, `${label}名称不能为空`, 'is required');
    if ([...m.title].length > LIMITS.title)
      add(`${f}.title`, `${label}名称超过${LIMITS.title}字`, 'too long');
    if ([...m.evidence].length > LIMITS.note)
      add(`${f}.evidence`, `${label}佐证材料超过${LIMITS.note}字`, 'too long');
    if (!isIsoDate(m.due_date)) add(`${f}.due_date`, `${label}计划完成时间不是有效日期`, 'not a valid date');
    if (m.done_date !== null) {
      if (!isIsoDate(m.done_date))
        add(`${f}.done_date`, `${label}实际完成时间不是有效日期`, 'not a valid date');
      else if (m.done_date > today)
        add(`${f}.done_date`, `${label}实际完成时间${m.done_date}晚于今天`, 'is in the future');
    }
    if (m.weight !== null && (!Number.isFinite(m.weight) || m.weight < 0 || m.weight > 10_000))
      add(`${f}.weight`, `${label}权重应为0–10000之间的数`, 'a non-negative number');
  });
  if (
    opts.statedProgress &&
    isWeighted(p.milestones) &&
    out.every((i) => !i.field.startsWith('milestones'))
  ) {
    const derived = progressFromMilestones(p.milestones)!;
    if (Math.abs(derived - p.progress) > PROGRESS_TOLERANCE)
      add(
        'progress',
        `完成比例${p.progress}%与按节点权重计算的${derived}%不一致`,
        `${p.progress} does not match ${derived} derived from the weighted milestones`,
      );
  }
  return out;
}
