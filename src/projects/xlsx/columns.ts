/**
 * The ledger's layout: its sheets and their columns, in the order written; on import the columns may come in
 * any order, matched by header (or an alias). A ledger column that holds a project field takes its header
 * from the model's FIELD_LABELS, so the file and the import report name each field alike.
 */
import { FIELD_LABELS } from '../model.js';

export const LEDGER_SHEET = '实事项目台账';
export const MILESTONE_SHEET = '节点安排';
export const GUIDE_SHEET = '填写说明';

export type Column<F extends string> = {
  field: F;
  header: string;
  aliases: readonly string[];
  width: number;
  required?: boolean;
  /** The 填写说明 sheet's line for the column. */
  doc: string;
};

const LEDGER_COLUMNS = [
  {
    field: 'serial',
    header: '序号',
    aliases: [],
    width: 6,
    doc: '行号；节点安排表可用它指向项目（未填项目编号时）',
  },
  {
    field: 'title',
    header: FIELD_LABELS.title,
    aliases: ['任务名称', '名称'],
    width: 36,
    required: true,
    doc: '必填，最多200字',
  },
  {
    field: 'owner',
    header: FIELD_LABELS.owner_department_code,
    aliases: ['牵头单位', '责任部门'],
    width: 28,
    required: true,
    doc: '必填：部门全称或编码；也可写全称的唯一片段（如“住房和城乡建设局”）',
  },
  {
    field: 'level',
    header: FIELD_LABELS.level,
    aliases: ['项目级别'],
    width: 12,
    required: true,
    doc: '必填：省重点备案 / 市级公布 / 区级 / 部门',
  },
  {
    field: 'target',
    header: FIELD_LABELS.target,
    aliases: ['目标', '建设目标'],
    width: 30,
    doc: '最多2000字',
  },
  {
    field: 'due_date',
    header: FIELD_LABELS.due_date,
    aliases: ['完成时间', '计划完成时间'],
    width: 14,
    required: true,
    doc: '必填：日期，如 2021-12-31、2021/12/31、2021年12月31日、2021年12月底、2021年底',
  },
  {
    field: 'progress_note',
    header: FIELD_LABELS.progress_note,
    aliases: ['推进情况', '进展'],
    width: 40,
    doc: '进展说明，最多2000字',
  },
  {
    field: 'progress',
    header: FIELD_LABELS.progress,
    aliases: ['完成进度', '进度'],
    width: 10,
    doc: '0%–100%：百分比格式的数字、“45%”或 45；节点带权重时按权重自动计算（填写时须与之一致）',
  },
  {
    field: 'code',
    header: FIELD_LABELS.code,
    aliases: ['编号'],
    width: 14,
    doc: '选填：台账内唯一；导出时自动填写，再导入时据此更新原项目',
  },
  {
    field: 'year',
    header: FIELD_LABELS.year,
    aliases: ['年份'],
    width: 8,
    doc: '选填：默认取完成时限的年份',
  },
  {
    field: 'kind',
    header: FIELD_LABELS.kind,
    aliases: ['类型'],
    width: 10,
    doc: '实事项目（默认）/ 重点任务',
  },
  {
    field: 'co',
    header: FIELD_LABELS.co_department_codes,
    aliases: ['协办单位', '协同单位'],
    width: 28,
    doc: '选填：多个单位用顿号、逗号或分号分隔',
  },
  {
    field: 'areas',
    header: FIELD_LABELS.area_codes,
    aliases: ['区域', '所属区域', '实施地点'],
    width: 20,
    doc: '选填：镇（街道）、村（社区）名称或编码，多个用顿号分隔',
  },
  {
    field: 'description',
    header: FIELD_LABELS.description,
    aliases: ['项目简介', '主要内容'],
    width: 40,
    doc: '最多4000字',
  },
  {
    field: 'start_date',
    header: FIELD_LABELS.start_date,
    aliases: ['启动时间', '开工时间'],
    width: 14,
    doc: '选填：日期，不晚于完成时限',
  },
  {
    field: 'public',
    header: FIELD_LABELS.public,
    aliases: ['公开'],
    width: 10,
    doc: '是 / 否（默认否：只有公开项目出现在公开通报中）',
  },
  {
    field: 'status',
    header: '当前状态',
    aliases: [],
    width: 10,
    doc: '导出时按日期和进度自动计算（未开始/推进中/进展过半/已完成/滞后），导入时忽略',
  },
] as const satisfies readonly Column<string>[];

export type Field = (typeof LEDGER_COLUMNS)[number]['field'];

/** The 实事项目台账 sheet's columns. */
export const COLUMNS: readonly Column<Field>[] = LEDGER_COLUMNS;

/**
 * Optional columns that an update leaves alone when the file lacks them (the project keeps its values), with
 * the 节点安排 sheet as `milestones`.
 */
export const KEPT_WHEN_ABSENT = [
  'year',
  'public',
  'kind',
  'co',
  'areas',
  'description',
  'start_date',
  'target',
  'progress_note',
  'progress',
] as const satisfies readonly Field[];
export type Absent = (typeof KEPT_WHEN_ABSENT)[number] | 'milestones';

/** The 节点安排 sheet's columns. */
export const MS_COLUMNS = [
  {
    field: 'code',
    header: FIELD_LABELS.code,
    aliases: ['编号'],
    width: 14,
    doc: '指向台账中的项目（或填序号）',
  },
  {
    field: 'serial',
    header: '序号',
    aliases: ['项目序号'],
    width: 8,
    doc: '未填项目编号时，指向台账中同序号的项目',
  },
  { field: 'project_title', header: FIELD_LABELS.title, aliases: [], width: 30, doc: '便于阅读，导入时忽略' },
  { field: 'seq', header: '节点序号', aliases: [], width: 8, doc: '便于阅读；节点按本表行序排列' },
  { field: 'title', header: '节点名称', aliases: ['节点', '里程碑'], width: 24, doc: '必填' },
  { field: 'due_date', header: '计划完成时间', aliases: ['计划时间'], width: 14, doc: '必填：日期' },
  {
    field: 'done_date',
    header: '实际完成时间',
    aliases: ['完成时间'],
    width: 14,
    doc: '完成后填写，不晚于今天',
  },
  {
    field: 'weight',
    header: '权重',
    aliases: [],
    width: 8,
    doc: '选填：非负数；任一节点有权重时，项目进度=已完成节点权重/总权重',
  },
  {
    field: 'evidence',
    header: '佐证材料',
    aliases: ['佐证'],
    width: 30,
    doc: '完成的佐证（文件名、链接、说明）',
  },
] as const satisfies readonly Column<string>[];

export type MsField = (typeof MS_COLUMNS)[number]['field'];
