/** The shape of a project as commands, the xlsx ledger and the fixtures hand it around (no ids, no audit). */
import type { ProjectKind, ProjectLevel } from '../db/schema.js';

export type MilestoneInput = {
  title: string;
  due_date: string;
  done_date: string | null;
  evidence: string;
  weight: number | null;
};

export type ProjectInput = {
  /** 项目编号; generated as YEAR-NNNN when absent. */
  code?: string | undefined;
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
  /** Ignored (derived) when the milestones carry weights. */
  progress: number;
  progress_note: string;
  public: boolean;
  milestones: MilestoneInput[];
};

export const KIND_LABELS: Record<ProjectKind, string> = { project: '实事项目', key_task: '重点任务' };
