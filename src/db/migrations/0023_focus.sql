-- 每月一题 (one recurring problem a month, solved at its root) and 未诉先办 (early warnings raised before the
-- complaints arrive), src/focus/.

create table monthly_problems (
  jurisdiction_id text not null references jurisdictions,
  id bigint generated always as identity primary key,
  -- the month the problem was chosen for ('YYYY-MM')
  month text not null check (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  title text not null check (length(title) between 1 and 200),
  description text not null default '',
  -- which requests are this problem's: {keywords, category_codes, area_codes}, see src/focus/definition.ts
  definition jsonb not null,
  lead_department_code text not null,
  co_department_codes text[] not null default '{}',
  target text not null default '',
  -- the share by which the monthly volume is to fall against the chosen month's previous one, if stated
  target_reduction numeric(5, 2) check (target_reduction between 0 and 100),
  source text not null check (source in ('hot_topic', 'manual', 'warning')),
  created_by bigint,
  created_at timestamptz not null,
  unique (jurisdiction_id, month, title)
);

-- The ledger's key tasks (projects of kind key_task) that work on a problem.
create table monthly_problem_tasks (
  jurisdiction_id text not null,
  problem_id bigint not null references monthly_problems on delete cascade,
  project_id bigint not null,
  primary key (problem_id, project_id),
  foreign key (jurisdiction_id, project_id) references projects (jurisdiction_id, id)
);

-- A closed month's volume of a problem, counted once: later edits of requests do not move a published figure.
create table monthly_problem_volumes (
  problem_id bigint not null references monthly_problems on delete cascade,
  month text not null,
  volume integer not null,
  primary key (problem_id, month)
);

create table early_warnings (
  jurisdiction_id text not null references jurisdictions,
  id bigint generated always as identity primary key,
  -- rising: a category's volume in a street far above its own history; repeated: one place, one category, again
  kind text not null check (kind in ('rising', 'repeated')),
  category_code text not null,
  area_code text not null,
  department_code text,
  -- the local day the warning was raised for, and the figures that raised it
  day date not null,
  observed integer not null,
  expected numeric not null,
  p_value numeric,
  sample_ids bigint[] not null default '{}',
  status text not null default 'open' check (status in ('open', 'acknowledged', 'dismissed')),
  note text not null default '',
  handled_by bigint,
  handled_at timestamptz,
  -- the key task the department opened to act before more complaints arrive (未诉先办)
  project_id bigint,
  created_at timestamptz not null,
  unique (jurisdiction_id, kind, category_code, area_code, day),
  foreign key (jurisdiction_id, project_id) references projects (jurisdiction_id, id)
);

create index early_warnings_open on early_warnings (jurisdiction_id, status, day desc);
create index early_warnings_key on early_warnings (jurisdiction_id, category_code, area_code, day desc);
