/**
 * The bulletin (进展通报) as a Word document: its title, the paragraph, the figures by level and the projects
 * behind them, as an office sends it round. The `docx` package is loaded on the first document, not at start.
 */
import type { z } from 'zod';
import type { Bulletin } from './schemas.js';
import { LEVEL_LABELS } from './status.js';

type BulletinAnswer = z.output<typeof Bulletin>;

const COUNT_HEADERS = [
  ['total', '项目总数'],
  ['completed', '已完成'],
  ['past_halfway', '进展过半'],
  ['on_schedule', '按时序推进'],
  ['delayed', '进度滞后'],
  ['not_started', '尚未开工'],
] as const;

/** 相城区“我为群众办实事”项目进展通报 */
export function bulletinTitle(b: BulletinAnswer): string {
  const what = b.kind === 'project' ? '“我为群众办实事”项目' : '重点任务';
  return `${b.year}年${what}进展通报`;
}

export async function bulletinDocx(b: BulletinAnswer): Promise<Buffer> {
  const d = await import('docx');
  const cell = (text: string, bold = false) =>
    new d.TableCell({ children: [new d.Paragraph({ children: [new d.TextRun({ text, bold })] })] });
  const table = (header: string[], rows: string[][]) =>
    new d.Table({
      width: { size: 100, type: d.WidthType.PERCENTAGE },
      rows: [
        new d.TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
        ...rows.map((r) => new d.TableRow({ children: r.map((v) => cell(v)) })),
      ],
    });
  const levels = Object.entries(b.by_level).map(([level, tally]) => [
    LEVEL_LABELS[level as keyof typeof LEVEL_LABELS] ?? level,
    ...COUNT_HEADERS.map(([k]) => String(tally[k])),
  ]);
  const doc = new d.Document({
    creator: 'banshi',
    title: bulletinTitle(b),
    sections: [
      {
        children: [
          new d.Paragraph({
            heading: d.HeadingLevel.TITLE,
            alignment: d.AlignmentType.CENTER,
            text: bulletinTitle(b),
          }),
          new d.Paragraph({
            alignment: d.AlignmentType.CENTER,
            text: `（截至${b.as_of}，${b.audience === 'public' ? '公开项目' : '含内部项目'}）`,
          }),
          new d.Paragraph({ text: b.paragraph, spacing: { before: 240, after: 240 } }),
          new d.Paragraph({ heading: d.HeadingLevel.HEADING_2, text: '一、分级统计' }),
          table(['层级', ...COUNT_HEADERS.map(([, h]) => h)], levels),
          new d.Paragraph({ heading: d.HeadingLevel.HEADING_2, text: '二、项目清单' }),
          table(
            ['编号', '项目名称', '层级', '责任单位', '完成时限', '进度', '状态'],
            b.projects.map((p) => [
              p.code,
              p.title,
              p.level_label,
              p.owner_department.name,
              p.due_date,
              `${p.progress}%`,
              p.status_label,
            ]),
          ),
        ],
      },
    ],
  });
  return d.Packer.toBuffer(doc);
}
