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

/**
 * Each field's name as offices write it: the ledger's column headers and the labels of the import report's
 * reasons. Typed by ProjectInput, so that a new field cannot be left without one.
 */
export const FIELD_LABELS: Record<keyof ProjectInput, string> = {
  code: '项目编号',
  year: '年度',
  kind: '类别',
  title: '项目名称',
  description: '项目内容',
  level: '级别',
  owner_department_code: '责任单位',
  co_department_codes: '配合单位',
  area_codes: '涉及区域',
  target: '目标任务',
  start_date: '开始时间',
  due_date: '完成时限',
  progress: '完成比例',
  progress_note: '进展情况',
  public: '是否公开',
  milestones: '节点安排',
};
