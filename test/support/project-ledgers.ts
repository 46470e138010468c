/**
 * Ledgers for tests and benchmarks, built in memory: the one that matches seed 003's figures (931 projects,
 * 245 completed, 42 city-published past half-way, 3 provincial key projects on schedule, as of mid-July 2021)
 * and a large mixed ledger of any size for import timings; and an xlsx file of any ledger.
 */
import type { ProjectLevel } from '../../src/db/schema.js';
import type { MilestoneInput, ProjectInput } from '../../src/projects/model.js';
import type { Names } from '../../src/projects/queries.js';
import { storedProgress } from '../../src/projects/store.js';
import { writeLedger } from '../../src/projects/xlsx.js';

const DEPARTMENTS = [
  'housing',
  'urban-mgmt',
  'transport',
  'water',
  'education',
  'health',
  'civil-affairs',
  'ecology',
];
const AREAS = ['xc-wangting', 'xc-huangdai', 'xc-yuanhe', 'xc-gaotie-nantiancheng', 'xc-wangting-guoyuan'];
const SUBJECTS = [
  '老旧小区加装电梯',
  '背街小巷整治',
  '农贸市场改造',
  '公共停车泊位',
  '社区食堂',
  '河道综合整治',
  '口袋公园',
  '学校午餐',
];

function project(i: number, over: Partial<ProjectInput> & { level: ProjectLevel }): ProjectInput {
  return {
    code: `2021-${String(i + 1).padStart(4, '0')}`,
    year: 2021,
    kind: 'project',
    title: `${SUBJECTS[i % SUBJECTS.length]}（第${i + 1}号）`,
    description: '',
    owner_department_code: DEPARTMENTS[i % DEPARTMENTS.length]!,
    co_department_codes: [],
    area_codes: [],
    target: '年内完成',
    start_date: '2021-03-01',
    due_date: '2021-12-31',
    progress: 0,
    progress_note: '',
    public: true,
    milestones: [],
    ...over,
  };
}

/**
 * Seed 003 ("截至7月中旬…931件…已完成245项，42项市级公布项目进展过半，3个省重点备案项目按时序顺利推进"), read
 * as of 2021-07-15: 3 provincial key projects, all on schedule (one with weighted milestones); 50 city-published
 * projects, 42 of them at or past half-way (10 of those completed) and 8 below; 878 district and department
 * projects, 235 of them completed. Nothing is delayed, so the paragraph is the seed's sentence exactly.
 */
export function seed003Ledger(): ProjectInput[] {
  const out: ProjectInput[] = [];
  const add = (over: Partial<ProjectInput> & { level: ProjectLevel }) => out.push(project(out.length, over));
  add({ level: 'provincial_key', progress: 45, title: '省重点：城市更新示范片区' });
  add({ level: 'provincial_key', progress: 62, title: '省重点：区域供水安全保障' });
  add({
    level: 'provincial_key',
    title: '省重点：养老服务综合体',
    milestones: [
      milestone('完成立项', '2021-04-30', '2021-04-20', 20),
      milestone('主体结构封顶', '2021-09-30', null, 50),
      milestone('竣工投用', '2021-12-31', null, 30),
    ],
  });
  for (let i = 0; i < 50; i++) {
    if (i < 10) add({ level: 'city_published', progress: 100, progress_note: '已完成' });
    else if (i < 42) add({ level: 'city_published', progress: 50 + ((i * 7) % 46) });
    else add({ level: 'city_published', progress: 10 + ((i * 5) % 40) });
  }
  for (let i = 0; i < 878; i++) {
    const level = i % 3 === 0 ? 'department' : 'district';
    if (i < 235) add({ level, progress: 100, due_date: '2021-06-30' });
    else if (i < 300) add({ level, progress: 0, start_date: '2021-09-01' });
    else add({ level, progress: (i * 13) % 100 });
  }
  return out;
}

function milestone(title: string, due: string, done: string | null, weight: number | null): MilestoneInput {
  return { title, due_date: due, done_date: done, evidence: done ? `${title}：见附件` : '', weight };
}

/** A mixed ledger of n projects for a year: every level, some milestones (weighted or not), some internal. */
export function largeLedger(n: number, year = 2024): ProjectInput[] {
  const levels: ProjectLevel[] = ['provincial_key', 'city_published', 'district', 'department'];
  return Array.from({ length: n }, (_, i) => {
    const weighted = i % 5 === 0;
    const milestones =
      i % 2 === 0
        ? [
            milestone('方案制定', `${year}-03-31`, `${year}-03-20`, weighted ? 30 : null),
            milestone(
              '施工建设',
              `${year}-09-30`,
              i % 4 === 0 ? `${year}-09-10` : null,
              weighted ? 50 : null,
            ),
            milestone('验收交付', `${year}-12-31`, null, weighted ? 20 : null),
          ]
        : [];
    return {
      code: `${year}-${String(i + 1).padStart(4, '0')}`,
      year,
      kind: i % 10 === 9 ? 'key_task' : 'project',
      title: `${SUBJECTS[i % SUBJECTS.length]}项目${i + 1}`,
      description: `${SUBJECTS[i % SUBJECTS.length]}，惠及周边居民约${(i % 9) + 1}千户。`,
      level: levels[i % 4]!,
      owner_department_code: DEPARTMENTS[i % DEPARTMENTS.length]!,
      co_department_codes: i % 3 === 0 ? [DEPARTMENTS[(i + 1) % DEPARTMENTS.length]!] : [],
      area_codes: i % 2 === 0 ? [AREAS[i % AREAS.length]!] : [],
      target: `完成${SUBJECTS[i % SUBJECTS.length]}${(i % 7) + 1}处`,
      start_date: i % 6 === 0 ? null : `${year}-02-01`,
      due_date: `${year}-12-31`,
      progress: weighted ? 0 : (i * 17) % 101,
      progress_note: i % 2 ? `按计划推进，已完成${(i * 17) % 101}%` : '',
      public: i % 7 !== 0,
      milestones,
    };
  });
}

/** An xlsx ledger in memory, written the way an export writes it (the projects numbered from 1). */
export function ledgerFile(
  projects: readonly ProjectInput[],
  jurisdictionId: string,
  names: Names,
  asOf: string,
): Promise<Buffer> {
  const rows = projects.map((p, i) => ({
    ...p,
    jurisdiction_id: jurisdictionId,
    id: i + 1,
    code: p.code!,
    version: 1,
    created_at: new Date(),
    updated_at: new Date(),
    progress: storedProgress(p),
    milestones: p.milestones.map((m, k) => ({ ...m, seq: k + 1 })),
  }));
  return writeLedger(rows, names, asOf);
}
