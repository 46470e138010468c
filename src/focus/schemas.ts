/** What the 每月一题 and 未诉先办 API takes and answers. */
import { z } from 'zod';
import { MONTH } from '../assessment/month.js';
import { IsoDate } from '../http/inputs.js';
import { Instant, LocalDate } from '../http/responses.js';

const Month = z.string().regex(MONTH, 'YYYY-MM');
const Code = z.string().min(1).max(64);
const Text = (max: number) => z.string().trim().max(max);

export const ProblemsQuery = z.strictObject({ month: Month.optional() });

export const Definition = z.strictObject({
  keywords: z.array(z.string().trim().min(1).max(20)).max(10).default([]),
  category_codes: z.array(Code).max(20).default([]),
  area_codes: z.array(Code).max(50).default([]),
});

export const NewProblem = z.strictObject({
  month: Month,
  title: Text(200).min(1),
  description: Text(2000).default(''),
  definition: Definition,
  lead_department_code: Code,
  co_department_codes: z.array(Code).max(20).default([]),
  target: Text(500).default(''),
  target_reduction: z.number().min(0).max(100).nullable().default(null),
  source: z.enum(['hot_topic', 'manual', 'warning']).default('manual'),
  task_ids: z.array(z.number().int().positive()).max(50).default([]),
});

export const LinkTasks = z.strictObject({ task_ids: z.array(z.number().int().positive()).min(1).max(50) });

const Department = z.object({ code: z.string(), name: z.string() });
const Volume = z.object({ month: z.string(), volume: z.number().int(), frozen: z.boolean() });
const Change = z.object({
  month: z.string(),
  volume: z.number().int(),
  previous: z.number().int(),
  down: z.boolean(),
});
const Task = z.object({
  id: z.number().int(),
  code: z.string(),
  title: z.string(),
  progress: z.number(),
  due_date: LocalDate,
  public: z.boolean(),
});
const Summary = z.object({
  problems: z.number().int(),
  down: z.number().int(),
  up: z.number().int(),
  flat: z.number().int(),
});

export const ProblemAnswer = z.object({
  id: z.number().int(),
  month: z.string(),
  title: z.string(),
  description: z.string(),
  definition: z.object({
    keywords: z.array(z.string()),
    category_codes: z.array(z.string()),
    area_codes: z.array(z.string()),
  }),
  lead_department: Department,
  co_departments: z.array(Department),
  target: z.string(),
  target_reduction: z.number().nullable(),
  source: z.string(),
  volumes: z.array(Volume),
  change: Change.nullable(),
  tasks: z.array(Task),
});

export const ProblemsAnswer = z.object({
  month: z.string(),
  compared_month: z.string(),
  summary: Summary,
  problems: z.array(ProblemAnswer),
});

export const PublicProblemsAnswer = z.object({
  month: z.string(),
  compared_month: z.string(),
  summary: Summary,
  problems: z.array(
    ProblemAnswer.pick({
      id: true,
      month: true,
      title: true,
      lead_department: true,
      volumes: true,
      change: true,
      tasks: true,
    }),
  ),
});

export const CreatedProblem = z.object({ id: z.number().int() });

export const WarningsQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(366).default(90),
  status: z.enum(['open', 'acknowledged', 'dismissed']).optional(),
});

export const WarningAction = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('acknowledge'),
    note: Text(1000).default(''),
    task: z
      .strictObject({ title: Text(200).min(1), due_date: IsoDate, target: Text(500).default('') })
      .optional(),
  }),
  z.strictObject({ action: z.literal('dismiss'), note: Text(1000).min(1) }),
]);

const Judgement = z.object({
  judged: z.boolean(),
  followed: z.boolean(),
  after: z.number().int(),
  leadDays: z.number().int().nullable(),
});

export const WarningAnswer = z.object({
  id: z.number().int(),
  kind: z.enum(['rising', 'repeated']),
  category_code: z.string(),
  category_name: z.string(),
  area_code: z.string(),
  area_name: z.string(),
  department_code: z.string().nullable(),
  department_name: z.string().nullable(),
  day: LocalDate,
  observed: z.number().int(),
  expected: z.number(),
  p_value: z.number().nullable(),
  sample_ids: z.array(z.number().int()),
  status: z.enum(['open', 'acknowledged', 'dismissed']),
  note: z.string(),
  handled_at: Instant.nullable(),
  project_id: z.number().int().nullable(),
  judgement: Judgement,
  may_handle: z.boolean(),
});

export const WarningsAnswer = z.object({
  from: LocalDate,
  to: LocalDate,
  quality: z.object({
    raised: z.number().int(),
    judged: z.number().int(),
    followed: z.number().int(),
    precision: z.number().nullable(),
    medianLeadDays: z.number().nullable(),
  }),
  warnings: z.array(WarningAnswer),
});

export const HandledWarning = z.object({ id: z.number().int(), project_id: z.number().int().nullable() });
