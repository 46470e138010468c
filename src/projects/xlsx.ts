/**
 * The ledger as offices keep it in Excel (exceljs): written by writeLedger, read and checked by readLedger.
 * Sheet 实事项目台账, one project per row, columns found by their header (the order is free, a title row above
 * the header is allowed), the first eight in the order offices already use: 序号, 项目名称, 责任单位, 级别,
 * 目标任务, 完成时限, 进展情况, 完成比例, then 项目编号, 年度, 类别, 配合单位, 涉及区域, 项目内容, 开始时间, 是否公开,
 * 当前状态 (written on export, ignored on import: status is derived). Sheet 节点安排 (optional) lists milestones:
 * 项目编号 (or 序号), 节点名称, 计划完成时间, 实际完成时间, 权重, 佐证材料. The parts are in xlsx/: the layout
 * (columns), the cell parsers (cells), reading (reader and the rows it reads) and writing (writer).
 */
export {
  readLedger,
  type ParsedLedger,
  type ParsedProject,
  type ProgressSink,
  type RowError,
} from './xlsx/reader.js';
export { writeLedger } from './xlsx/writer.js';
