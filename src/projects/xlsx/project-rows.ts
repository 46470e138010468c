/** One row of the 实事项目台账 sheet read as a project, with every reason it is bad. */
import type { Row } from 'exceljs';
import type { ProjectInput } from '../model.js';
import type { Names } from '../queries.js';
import {
  parseDate,
  parseKind,
  parseLevel,
  parseProgress,
  parsePublic,
  parseYear,
  splitList,
  type Parsed,
} from './cells.js';
import { COLUMNS, type Field } from './columns.js';
import { resolver } from './references.js';
import { rowCells } from './sheet.js';

/** A project of the ledger sheet, with where it came from and what the file said of it. */
export type ParsedProject = {
  line: number;
  serial: string | null;
  input: ProjectInput;
  /** 项目编号 given in the file (else matched by year + title + owner, or numbered on creation). */
  hasCode: boolean;
  /** Whether 完成比例 was filled in (then it must agree with weighted milestones). */
  progressStated: boolean;
  /** The 节点安排 lines of its milestones, in order. */
  milestoneLines: number[];
};

export type ProjectRowReading = {
  serial: string | null;
  /** Complete even when the row is bad (then with placeholders where a cell could not be read). */
  input: ProjectInput;
  /** Whether 完成比例 was filled in (then it must agree with weighted milestones). */
  progressStated: boolean;
  reasons: string[];
};

/** Reads the ledger's rows with the file's columns, resolving department and area names. */
export function projectRowReader(columns: ReadonlyMap<Field, number>, names: Names) {
  const dept = resolver(names.departments, '单位');
  const area = resolver(names.areas, '区域');

  /** The row as a project; null for a row with nothing in it but a 序号 or a 当前状态. */
  return (row: Row): ProjectRowReading | null => {
    const { value, text, numFmt } = rowCells(row, columns);
    if (COLUMNS.every((c) => c.field === 'serial' || c.field === 'status' || value(c.field) === null))
      return null;
    const reasons: string[] = [];
    /** The parsed value, or `fallback` with the reason (prefixed by `label` when given) noted. */
    const take = <T>(r: Parsed<T>, fallback: T, label = ''): T => {
      if (r.ok) return r.value;
      reasons.push(label + r.error);
      return fallback;
    };

    const level = take(parseLevel(text('level')), 'department');
    const kind = take(parseKind(text('kind')), 'project');

    let owner = '';
    if (!text('owner')) reasons.push('责任单位不能为空');
    else {
      const o = dept(text('owner'));
      if (o.ok) owner = o.code;
      else reasons.push(`责任单位：${o.error}`);
    }
    const co: string[] = [];
    for (const part of splitList(text('co'))) {
      const c = dept(part);
      if (c.ok) co.push(c.code);
      else reasons.push(`配合单位：${c.error}`);
    }
    const areas: string[] = [];
    for (const part of splitList(text('areas'))) {
      const a = area(part);
      if (a.ok) areas.push(a.code);
      else reasons.push(`涉及区域：${a.error}`);
    }

    let due = '';
    if (value('due_date') === null) reasons.push('完成时限不能为空');
    else due = take(parseDate(value('due_date')), '', '完成时限：');
    const start =
      value('start_date') === null ? null : take(parseDate(value('start_date')), null, '开始时间：');
    const progressStated = value('progress') !== null;
    const progress = progressStated
      ? take(parseProgress(value('progress'), numFmt('progress')), 0, '完成比例：')
      : 0;
    const dueYear = due ? Number(due.slice(0, 4)) : 0;
    const year = value('year') === null ? dueYear : take(parseYear(value('year')), dueYear);
    const isPublic = take(parsePublic(text('public')), false);
    const code = text('code') || undefined;

    return {
      serial: text('serial') || null,
      input: {
        ...(code !== undefined ? { code } : {}),
        year,
        kind,
        title: text('title'),
        description: text('description'),
        level,
        owner_department_code: owner,
        co_department_codes: co,
        area_codes: areas,
        target: text('target'),
        start_date: start,
        due_date: due,
        progress,
        progress_note: text('progress_note'),
        public: isPublic,
        milestones: [],
      },
      progressStated,
      reasons,
    };
  };
}
