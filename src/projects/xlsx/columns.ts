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

/** A column: its field, header, other headers it is known by, width (in characters) and 填写说明 line. */
const column = <F extends string>(
  field: F,
  header: string,
  aliases: readonly string[],
  width: number,
  doc: string,
): Column<F> => ({ field, header, aliases, width, doc });
/** A column every row must fill. */
const required = <F extends string>(c: Column<F>): Column<F> => ({ ...c, required: true });

const LEDGER_COLUMNS = [
  column('serial', '序号', [], 6, '行号；节点安排表可用它指向项目（未填项目编号时）'),
  required(column('title', FIELD_LABELS.title, ['任务名称', '名称'], 36, '必填，最多200字')),
  required(
    column(
      'owner',
      FIELD_LABELS.owner_department_code,
      ['牵头单位', '责任部门'],
      28,
      '必填：部门全称或编码；也可写全称的唯一片段（如“住房和城乡建设局”）',
    ),
  ),
  required(
    column('level', FIELD_LABELS.level, ['项目级别'], 12, '必填：省重点备案 / 市级公布 / 区级 / 部门'),
  ),
  column('target', FIELD_LABELS.target, ['目标', '建设目标'], 30, '最多2000字'),
  required(
    column(
      'due_date',
      FIELD_LABELS.due_date,
      ['完成时间', '计划完成时间'],
      14,
      '必填：日期，如 2021-12-31、2021/12/31、2021年12月31日、2021年12月底、2021年底',
    ),
  ),
  column('progress_note', FIELD_LABELS.progress_note, ['推进情况', '进展'], 40, '进展说明，最多2000字'),
  column(
    'progress',
    FIELD_LABELS.progress,
    ['完成进度', '进度'],
    10,
    '0%–100%：百分比格式的数字、“45%”或 45；节点带权重时按权重自动计算（填写时须与之一致）',
  ),
  column('code', FIELD_LABELS.code, ['编号'], 14, '选填：台账内唯一；导出时自动填写，再导入时据此更新原项目'),
  column('year', FIELD_LABELS.year, ['年份'], 8, '选填：默认取完成时限的年份'),
  column('kind', FIELD_LABELS.kind, ['类型'], 10, '实事项目（默认）/ 重点任务'),
  column(
    'co',
    FIELD_LABELS.co_department_codes,
    ['协办单位', '协同单位'],
    28,
    '选填：多个单位用顿号、逗号或分号分隔',
  ),
  column(
    'areas',
    FIELD_LABELS.area_codes,
    ['区域', '所属区域', '实施地点'],
    20,
    '选填：镇（街道）、村（社区）名称或编码，多个用顿号分隔',
  ),
  column('description', FIELD_LABELS.description, ['项目简介', '主要内容'], 40, '最多4000字'),
  column('start_date', FIELD_LABELS.start_date, ['启动时间', '开工时间'], 14, '选填：日期，不晚于完成时限'),
  column('public', FIELD_LABELS.public, ['公开'], 10, '是 / 否（默认否：只有公开项目出现在公开通报中）'),
  column(
    'status',
    '当前状态',
    [],
    10,
    '导出时按日期和进度自动计算（未开始/推进中/进展过半/已完成/滞后），导入时忽略',
  ),
] as const;

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
  column('code', FIELD_LABELS.code, ['编号'], 14, '指向台账中的项目（或填序号）'),
  column('serial', '序号', ['项目序号'], 8, '未填项目编号时，指向台账中同序号的项目'),
  column('project_title', FIELD_LABELS.title, [], 30, '便于阅读，导入时忽略'),
  column('seq', '节点序号', [], 8, '便于阅读；节点按本表行序排列'),
  column('title', '节点名称', ['节点', '里程碑'], 24, '必填'),
  column('due_date', '计划完成时间', ['计划时间'], 14, '必填：日期'),
  column('done_date', '实际完成时间', ['完成时间'], 14, '完成后填写，不晚于今天'),
  column('weight', '权重', [], 8, '选填：非负数；任一节点有权重时，项目进度=已完成节点权重/总权重'),
  column('evidence', '佐证材料', ['佐证'], 30, '完成的佐证（文件名、链接、说明）'),
] as const;

export type MsField = (typeof MS_COLUMNS)[number]['field'];
