/**
 * A project's progress and status, derived — never typed. Pure functions over the ledger's facts and the day
 * asked about (`asOf`, a local date 'YYYY-MM-DD'); dates compare as ISO strings. The rules, in order:
 *
 *   completed    progress is 100 %, or the project has milestones and every one is done
 *   delayed      not completed, and either the day is after the due date, or a milestone's due date has passed
 *                without it being done
 *   not_started  progress 0, no milestone done, and the start date is still ahead (or there is none)
 *   past_half    progress ≥ 50 %
 *   in_progress  anything else (including a project whose start date has come but that has no progress yet)
 *
 * "On schedule" (按时序推进) is "not delayed". Progress comes from the milestones when any of them carries a
 * positive weight (done weight / total weight); otherwise it is the figure last set by hand.
 */
import type { ProjectLevel } from '../db/schema.js';

export { isIsoDate } from '../calendar/working-calendar.js';

export const LEVELS = [
  'provincial_key',
  'city_published',
  'district',
  'department',
] as const satisfies readonly ProjectLevel[];
export const LEVEL_LABELS: Record<ProjectLevel, string> = {
  provincial_key: '省重点备案',
  city_published: '市级公布',
  district: '区级',
  department: '部门',
};

export const PROJECT_STATUSES = ['not_started', 'in_progress', 'past_half', 'completed', 'delayed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const STATUS_LABELS: Record<ProjectStatus, string> = {
  not_started: '未开始',
  in_progress: '推进中',
  past_half: '进展过半',
  completed: '已完成',
  delayed: '滞后',
};

export type MilestoneFacts = { due_date: string; done_date: string | null; weight: number | null };
export type ProjectFacts = {
  start_date: string | null;
  due_date: string;
  /** The recorded progress, 0–100 (for weighted milestones, the derived figure: see effectiveProgress). */
  progress: number;
  milestones: readonly MilestoneFacts[];
};

export const round2 = (x: number) => Math.round(x * 100) / 100;

/** Milestones "carry weights" when at least one has a positive weight; then they drive the progress. */
export function isWeighted(milestones: readonly MilestoneFacts[]): boolean {
  return milestones.some((m) => (m.weight ?? 0) > 0);
}

/** Done weight over total weight, in percent with two decimals; null when the milestones carry no weights. */
export function progressFromMilestones(milestones: readonly MilestoneFacts[]): number | null {
  if (!isWeighted(milestones)) return null;
  let total = 0;
  let done = 0;
  for (const m of milestones) {
    const w = m.weight ?? 0;
    total += w;
    if (m.done_date !== null) done += w;
  }
  return round2((done / total) * 100);
}

/** The progress that counts: derived from weighted milestones, else the recorded figure (clamped to 0–100). */
export function effectiveProgress(p: ProjectFacts): number {
  return progressFromMilestones(p.milestones) ?? Math.min(100, Math.max(0, p.progress));
}

export function isCompleted(p: ProjectFacts): boolean {
  return (
    effectiveProgress(p) >= 100 ||
    (p.milestones.length > 0 && p.milestones.every((m) => m.done_date !== null))
  );
}

/** Milestones whose due date has passed on `asOf` without being done. */
export function overdueMilestones<M extends MilestoneFacts>(milestones: readonly M[], asOf: string): M[] {
  return milestones.filter((m) => m.done_date === null && asOf > m.due_date);
}

export function isDelayed(p: ProjectFacts, asOf: string): boolean {
  if (isCompleted(p)) return false;
  return asOf > p.due_date || overdueMilestones(p.milestones, asOf).length > 0;
}

export const isOnSchedule = (p: ProjectFacts, asOf: string) => !isDelayed(p, asOf);

export function deriveStatus(p: ProjectFacts, asOf: string): ProjectStatus {
  if (isCompleted(p)) return 'completed';
  if (isDelayed(p, asOf)) return 'delayed';
  const progress = effectiveProgress(p);
  const anyDone = p.milestones.some((m) => m.done_date !== null);
  if (progress === 0 && !anyDone && (p.start_date === null || asOf < p.start_date)) return 'not_started';
  if (progress >= 50) return 'past_half';
  return 'in_progress';
}

/**
 * 进展过半 as the bulletin counts it: progress at or past 50 %, completed projects included (a completed
 * project has passed half-way; the count only grows as the year goes on). Delayed projects count by their
 * progress too: the bulletin states how far projects have come, and reports delays in their own figure.
 */
export function isPastHalfway(p: ProjectFacts): boolean {
  return isCompleted(p) || effectiveProgress(p) >= 50;
}
