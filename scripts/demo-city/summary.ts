/** What the generator made and what its checks counted, printed before anything is written. */
import { JURISDICTION } from '../demo-city-facts.js';
import type { AreaCheckStats } from './area-checks.js';
import type { AreaOut, Level } from './areas.js';
import type { CategoryDepartmentOut } from './categories.js';
import { DEPARTMENT_KINDS, type DepartmentOut } from './departments.js';
import type { DemoMessage, DemoReply, Sample } from './messages.js';

export type DemoCityParts = {
  areas: AreaOut[];
  departments: DepartmentOut[];
  categoryDepartments: CategoryDepartmentOut[];
  messages: Sample<DemoMessage>;
  replies: Sample<DemoReply>;
};

export function printSummary(parts: DemoCityParts, stats: AreaCheckStats): void {
  const { areas, departments, categoryDepartments, messages, replies } = parts;
  const count = (l: Level) => areas.filter((a) => a.level === l).length;
  console.log('demo city: %s (%s)', JURISDICTION.name, JURISDICTION.id);
  console.log(
    'areas: %d district, %d street, %d community, %d grid (%d total)',
    count('district'),
    count('street'),
    count('community'),
    count('grid'),
    areas.length,
  );
  console.log(
    'departments: %d (%s)',
    departments.length,
    DEPARTMENT_KINDS.map((k) => `${departments.filter((d) => d.kind === k).length} ${k}`).join(', '),
  );
  console.log(
    'category_departments: %d (%d level1 defaults, %d level2 overrides)',
    categoryDepartments.length,
    categoryDepartments.filter((c) => c.level2 === null).length,
    categoryDepartments.filter((c) => c.level2 !== null).length,
  );
  console.log(
    'messages: %d of %d eligible (%d rows in CSV); replies: %d of %d eligible (%d rows)',
    messages.items.length,
    messages.eligible,
    messages.rows,
    replies.items.length,
    replies.eligible,
    replies.rows,
  );
  const { size, inside, outside, gridPoints, bad, streetHits } = stats.testGrid;
  console.log('validation:');
  console.log('  child sample points checked (in parent, in exactly one sibling): %d', stats.samplesChecked);
  console.log('  max |Σ child area − parent area| / parent area: %s', stats.maxAreaDiff.toExponential(2));
  console.log(
    '  test grid %dx%d: %d points inside district, %d outside; %d inside grid-bearing communities',
    size,
    size,
    inside,
    outside,
    gridPoints,
  );
  console.log(
    '  points resolving to != 1 street: %d, != 1 community: %d, wrong grid: %d, outside-but-hit: %d',
    bad.street,
    bad.community,
    bad.grid,
    bad.outside,
  );
  console.log(
    '  points per street: %s',
    areas
      .filter((a) => a.level === 'street')
      .map((s) => `${s.name} ${streetHits.get(s.code) ?? 0}`)
      .join(', '),
  );
  console.log(
    '  user ids scrubbed: %d in sampled messages, %d in sampled replies',
    messages.scrubbed,
    replies.scrubbed,
  );
}
