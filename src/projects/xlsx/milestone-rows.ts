/** The 节点安排 sheet: each row a milestone of a project of the ledger sheet, found by 项目编号 or 序号. */
import type { Worksheet } from 'exceljs';
import type { MilestoneInput } from '../model.js';
import { parseDate, parseWeight } from './cells.js';
import { MS_COLUMNS, type MsField } from './columns.js';
import type { ParsedProject } from './project-rows.js';
import type { RowErrors } from './row-errors.js';
import { headerMap, rowCells } from './sheet.js';

/** The cells that make a row a milestone (any one filled in). */
const CONTENT = ['code', 'serial', 'title', 'due_date', 'done_date', 'weight', 'evidence'] as const;

/**
 * Adds each row's milestone to its project, bad rows included (so that the project's row is refused too, and
 * the domain's checks can point at milestone rows by index). `projects` are the ledger sheet's (`ledger`),
 * `byCode` those with a 项目编号.
 */
export function readMilestones(
  sheet: Worksheet,
  ledger: string,
  projects: readonly ParsedProject[],
  byCode: ReadonlyMap<string, ParsedProject>,
  errors: RowErrors,
): void {
  const fail = (line: number, reason: string, title?: string) => errors.add(sheet.name, line, reason, title);
  const { map: columns } = headerMap(sheet.getRow(1), MS_COLUMNS);
  const need: MsField[] = (['title', 'due_date'] as const).filter((f) => !columns.has(f));
  if (!columns.has('code') && !columns.has('serial')) need.push('code');
  if (need.length) {
    fail(1, `缺少必填列：${need.map((f) => MS_COLUMNS.find((c) => c.field === f)!.header).join('、')}`);
    return;
  }
  const bySerial = new Map<string, ParsedProject[]>();
  for (const p of projects) if (p.serial) bySerial.set(p.serial, [...(bySerial.get(p.serial) ?? []), p]);

  /** The row's project, or a reason it has none. */
  const projectOf = (code: string, serial: string): ParsedProject | string => {
    if (code) return byCode.get(code) ?? `项目编号“${code}”不在${ledger}中`;
    if (!serial) return '未填写项目编号或序号';
    const list = bySerial.get(serial) ?? [];
    if (list.length === 1) return list[0]!;
    return list.length
      ? `序号“${serial}”在${ledger}中不唯一，请填项目编号`
      : `序号“${serial}”不在${ledger}中`;
  };

  for (let r = 2; r <= sheet.rowCount; r++) {
    const { value, text } = rowCells(sheet.getRow(r), columns);
    if (CONTENT.every((f) => value(f) === null)) continue;
    const project = projectOf(text('code'), text('serial'));
    if (typeof project === 'string') {
      fail(r, project);
      continue;
    }
    const reasons: string[] = [];
    const due = value('due_date') === null ? null : parseDate(value('due_date'));
    if (!due) reasons.push('计划完成时间不能为空');
    else if (!due.ok) reasons.push(`计划完成时间：${due.error}`);
    const done = value('done_date') === null ? null : parseDate(value('done_date'));
    if (done && !done.ok) reasons.push(`实际完成时间：${done.error}`);
    let weight: number | null = null;
    if (value('weight') !== null) {
      const w = parseWeight(value('weight'));
      if (w.ok) weight = w.value;
      else reasons.push(w.error);
    }
    if (!text('title')) reasons.push('节点名称不能为空');
    const m: MilestoneInput = {
      title: text('title'),
      due_date: due?.ok ? due.value : '',
      done_date: done?.ok ? done.value : null,
      evidence: text('evidence'),
      weight,
    };
    project.input.milestones.push(m);
    project.milestoneLines.push(r);
    for (const x of reasons) fail(r, x, project.input.title);
    if (reasons.length) errors.add(ledger, project.line, `节点安排第${r}行有误`, project.input.title);
  }
}
