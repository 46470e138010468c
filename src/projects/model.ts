/** The shape of a project as commands, the xlsx ledger and the fixtures hand it around (no ids, no audit). */
import type { ProjectKind, ProjectLevel } from '../db/schema.js';

export type MilestoneInput = {
  title: string;
  due_date: string;
  done_date: string | null;
  evidence: string;
  weight: number | null;
};

/** A project's particulars: what the ledger says of it besides its code, progress and milestones. */
export type ProjectParticulars = {
  year: number;
  kind: ProjectKind;
  title: string;
  description: string;
  level: ProjectLevel;
  owner_department_code: string;
  co_department_codes: string[];
  area_codes: string[];
  target: string;
  start_date: string | null;
  due_date: string;
  public: boolean;
};

export const PARTICULARS = [
  'year',
  'kind',
  'title',
  'description',
  'level',
  'owner_department_code',
  'co_department_codes',
  'area_codes',
  'target',
  'start_date',
  'due_date',
  'public',
] as const satisfies readonly (keyof ProjectParticulars)[];

export type ProjectInput = ProjectParticulars & {
  /** 项目编号; generated as YEAR-NNNN when absent. */
  code?: string | undefined;
  /** Ignored (derived) when the milestones carry weights. */
  progress: number;
  progress_note: string;
  milestones: MilestoneInput[];
};

/** The particulars of a project (or of an input), and nothing else. */
export const particularsOf = (p: ProjectParticulars): ProjectParticulars =>
  Object.fromEntries(PARTICULARS.map((k) => [k, p[k]])) as ProjectParticulars;

export const KIND_LABELS: Record<ProjectKind, string> = { project: '实事项目', key_task: '重点任务' };
