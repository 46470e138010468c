-- 考核: versioned assessment schemes, the frozen scores of closed months, and the stored 通报 documents
-- (src/assessment/).

create table assessment_schemes (
  jurisdiction_id text not null references jurisdictions,
  version integer not null,
  -- the first month ('YYYY-MM') scored with this version
  effective_month text not null check (effective_month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  scheme jsonb not null,
  note text not null default '',
  created_by bigint,
  created_at timestamptz not null default now(),
  primary key (jurisdiction_id, version)
);

-- A closed month's scores, written once (see src/assessment/freeze.ts): later events never change them.
create table assessment_months (
  jurisdiction_id text not null references jurisdictions,
  month text not null,
  scheme_version integer not null,
  -- sha-256 of the scheme and every unit's inputs, so a re-count can show that nothing moved
  inputs_hash text not null,
  frozen_at timestamptz not null,
  primary key (jurisdiction_id, month)
);

create table assessment_scores (
  jurisdiction_id text not null,
  month text not null,
  unit_kind text not null check (unit_kind in ('department', 'street')),
  unit_code text not null,
  rank integer,
  score numeric,
  detail jsonb not null,
  primary key (jurisdiction_id, month, unit_kind, unit_code),
  foreign key (jurisdiction_id, month) references assessment_months (jurisdiction_id, month)
);

-- The 通报 as generated: one per month, format and inputs; generating again returns the stored document.
create table assessment_bulletins (
  jurisdiction_id text not null references jurisdictions,
  month text not null,
  format text not null check (format in ('pdf', 'xlsx')),
  inputs_hash text not null,
  content bytea not null,
  created_at timestamptz not null,
  primary key (jurisdiction_id, month, format, inputs_hash)
);

-- The events that cost points (returns, reopens) of a month, without reading every event of the month.
create index request_events_assessment on request_events (jurisdiction_id, at)
  where type in ('return', 'reopen');
