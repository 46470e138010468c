/** What the 实事项目 ledger API takes and answers. */
import { z } from 'zod';
import { PROJECT_KINDS } from '../db/schema.js';
import { BooleanQuery, commaList, IdParams, IsoDate, paging } from '../http/inputs.js';
import { binary, importCounts, Instant, LocalDate } from '../http/responses.js';
import { ActorRole, Status } from '../requests/schemas.js';
import { LEVELS, PROJECT_STATUSES, round2 } from './status.js';

export { IdParams };
export const MilestoneParams = IdParams.extend({ seq: z.coerce.number().int().positive() });

const Code = z.string().trim().min(1).max(100);
const Kind = z.enum(PROJECT_KINDS);
const Level = z.enum(LEVELS);
const Version = z.number().int().positive().optional();
/** A milestone's weight, kept to two decimals like the database (numeric(7,2)). */
const Weight = z.number().min(0).max(10_000).transform(round2);
const Year = z.number().int().min(2000).max(2100);
const YearQuery = z.coerce.number().pipe(Year);
const Evidence = z.string().trim().max(2000);

export const MilestoneBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    due_date: IsoDate,
    done_date: IsoDate.nullable().default(null),
    evidence: Evidence.default(''),
    weight: Weight.nullable().default(null),
  })
  .strict();
export const NewMilestoneBody = MilestoneBody.extend({ expected_version: Version });

const Fields = {
  year: Year,
  kind: Kind,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000),
  level: Level,
  owner_department_code: Code,
  co_department_codes: z.array(Code).max(30),
  area_codes: z.array(Code).max(100),
  target: z.string().trim().max(2000),
  start_date: IsoDate.nullable(),
  due_date: IsoDate,
  public: z.boolean(),
};

export const CreateBody = z
  .object({
    ...Fields,
    code: z
      .string()
      .trim()
      .regex(/^[\p{L}\p{N}_\-./]{1,50}$/u)
      .optional(),
    year: Fields.year.optional(),
    kind: Kind.default('project'),
    description: Fields.description.default(''),
    co_department_codes: Fields.co_department_codes.default([]),
    area_codes: Fields.area_codes.default([]),
    target: Fields.target.default(''),
    start_date: Fields.start_date.default(null),
    progress: z.number().min(0).max(100).optional(),
    progress_note: z.string().trim().max(2000).default(''),
    public: z.boolean().default(false),
    milestones: z.array(MilestoneBody).max(50).default([]),
  })
  .strict();

export const PatchBody = z
  .object({ ...Fields, expected_version: Version })
  .partial()
  .strict();

export const ProgressBody = z
  .object({
    progress: z.number().min(0).max(100),
    note: z.string().trim().min(1).max(2000),
    expected_version: Version,
  })
  .strict();

export const ProgressSourceBody = z
  .object({
    /** 新增错时共享泊位N个: progress = shared spaces opened this year / N; null: set by hand again. */
    source: z
      .object({ kind: z.literal('parking_shared_spaces'), target: z.number().int().min(1).max(10_000_000) })
      .strict()
      .nullable(),
    expected_version: Version,
  })
  .strict();

export const MilestonePatchBody = z
  .object({
    title: MilestoneBody.shape.title,
    due_date: IsoDate,
    done_date: IsoDate.nullable(),
    evidence: Evidence,
    weight: Weight.nullable(),
    expected_version: Version,
  })
  .partial()
  .strict();

export const LinkBody = z
  .object({ request_id: z.number().int().positive(), note: z.string().trim().min(1).max(2000).optional() })
  .strict();

export const ImportBody = z
  .object({
    /** The xlsx file, base64-encoded (the JSON body limit is 1 MB: about 5,000 projects). */
    file_base64: z.string().min(1),
    skip_bad: z.boolean().default(false),
    dry_run: z.boolean().default(false),
  })
  .strict();

export const ListQuery = z
  .object({
    year: YearQuery.optional(),
    kind: Kind.optional(),
    level: Level.optional(),
    status: commaList(PROJECT_STATUSES).optional(),
    department: Code.optional(),
    area: Code.optional(),
    public: BooleanQuery.optional(),
    text: z.string().trim().min(1).max(100).optional(),
    as_of: IsoDate.optional(),
    ...paging({ defaultSize: 50, maxSize: 500 }),
  })
  .strict();
export type ProjectListQuery = z.output<typeof ListQuery>;

export const BulletinQuery = z
  .object({
    as_of: IsoDate.optional(),
    scope: z.string().max(120).optional(),
    /** Only the projects of one level (省重点, 市公开承诺 …). */
    level: Level.optional(),
    year: YearQuery.optional(),
    kind: Kind.optional(),
    include_internal: BooleanQuery.optional(),
  })
  .strict();
export const AsOfQuery = z.object({ as_of: IsoDate.optional() }).strict();
export const ExportQuery = z.object({ year: YearQuery.optional() }).strict();

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────────

const Named = z.strictObject({ code: z.string(), name: z.string() });
const ProjectStatus = z.enum(PROJECT_STATUSES);

const publicFields = {
  id: z.number().int(),
  code: z.string(),
  year: z.number().int(),
  kind: Kind,
  kind_label: z.string(),
  title: z.string(),
  description: z.string(),
  level: Level,
  level_label: z.string(),
  owner_department: Named,
  co_departments: z.array(Named),
  areas: z.array(Named),
  target: z.string(),
  start_date: LocalDate.nullable(),
  due_date: LocalDate,
  progress: z.number(),
  /** Weighted milestones drive the progress, the parking module counts it, or it is set by hand. */
  progress_mode: z.enum(['milestones', 'manual', 'parking']),
  /** What counts the progress (parking: shared spaces opened / target). */
  progress_source: z
    .strictObject({ kind: z.literal('parking_shared_spaces'), target: z.number().int(), label: z.string() })
    .nullable(),
  progress_note: z.string(),
  /** Derived from the facts on `as_of`, never typed. */
  status: ProjectStatus,
  status_label: z.string(),
  on_schedule: z.boolean(),
  as_of: LocalDate,
  milestones: z.array(
    z.strictObject({
      seq: z.number().int(),
      title: z.string(),
      due_date: LocalDate,
      done_date: LocalDate.nullable(),
      evidence: z.string(),
      weight: z.number().nullable(),
      overdue: z.boolean(),
    }),
  ),
  linked_requests_count: z.number().int(),
  updated_at: Instant,
};

/** A public project: no change log, no requests behind it (a count). */
export const PublicProject = z.strictObject(publicFields).meta({ id: 'PublicProject' });

const staffFields = {
  ...publicFields,
  public: z.boolean(),
  version: z.number().int(),
  created_at: Instant,
};

/** A project in the staff's ledger list. */
export const ProjectItem = z.strictObject(staffFields).meta({ id: 'Project' });

/** A project with its change log (the rows with a progress figure are the progress history) and requests. */
export const ProjectDetail = z.strictObject({
  ...staffFields,
  /** What the user may do to it (edit the facts; milestones, progress, evidence, linked requests). */
  can: z.strictObject({ edit: z.boolean(), report: z.boolean() }),
  updates: z.array(
    z.strictObject({
      seq: z.number().int(),
      type: z.string(),
      progress: z.number().nullable(),
      note: z.string(),
      actor: z.string(),
      actor_role: ActorRole,
      payload: z.record(z.string(), z.unknown()),
      at: Instant,
    }),
  ),
  linked_requests: z.array(
    z.strictObject({
      id: z.number().int(),
      ticket_no: z.string(),
      status: Status,
      title: z.string(),
      created_at: Instant,
    }),
  ),
});

export const ProjectPage = z.strictObject({
  as_of: LocalDate,
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  items: z.array(ProjectItem),
});

const count = z.number().int();
const Tally = z.strictObject({
  total: count,
  completed: count,
  past_halfway: count,
  on_schedule: count,
  delayed: count,
  not_started: count,
});

export const Bulletin = z.strictObject({
  as_of: LocalDate,
  /** 7月中旬 */
  period: z.string(),
  counts: Tally,
  by_level: z.record(Level, Tally),
  /** Every number with the projects behind it. */
  figures: z.array(
    z.strictObject({
      key: z.string(),
      label: z.string(),
      level: Level.nullable(),
      count,
      project_ids: z.array(z.number().int()),
    }),
  ),
  paragraph: z.string(),
  year: z.number().int(),
  kind: Kind,
  scope: z.string(),
  audience: z.enum(['internal', 'public']),
  subject: z.string(),
  projects: z.array(
    z.strictObject({
      id: z.number().int(),
      code: z.string(),
      title: z.string(),
      level: Level,
      level_label: z.string(),
      owner_department: Named,
      target: z.string(),
      due_date: LocalDate,
      progress: z.number(),
      status: ProjectStatus,
      status_label: z.string(),
    }),
  ),
});

export const ImportReport = z.strictObject({
  ...importCounts,
  skipped: count,
  errors: z.array(
    z.strictObject({
      sheet: z.string(),
      line: z.number().int(),
      reasons: z.array(z.string()),
      title: z.string().optional(),
    }),
  ),
  warnings: z.array(z.string()),
});

export const WordDocument = binary(
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'The bulletin as a Word (docx) document',
);

export const Spreadsheet = binary(
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'The ledger as an xlsx workbook',
);
