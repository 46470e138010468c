-- Core schema: reference data, users and access, requests and their events, outbox, idempotency.
-- Every table leads its primary key with jurisdiction_id (one deployment, many cities; Citus-ready).

create table jurisdictions (
  jurisdiction_id text primary key,
  name text not null,
  name_en text not null default '',
  timezone text not null default 'Asia/Shanghai',
  center_lon double precision,
  center_lat double precision,
  settings jsonb not null default '{}',
  created_at timestamptz not null default now()
);

create table areas (
  jurisdiction_id text not null references jurisdictions,
  code text not null,
  name text not null,
  level text not null check (level in ('district', 'street', 'community', 'grid')),
  parent_code text,
  geometry jsonb,
  min_lon double precision, min_lat double precision, max_lon double precision, max_lat double precision,
  approximate boolean not null default false,
  primary key (jurisdiction_id, code),
  foreign key (jurisdiction_id, parent_code) references areas (jurisdiction_id, code)
);

create table departments (
  jurisdiction_id text not null references jurisdictions,
  code text not null,
  name text not null,
  kind text not null check (kind in ('bureau', 'street_office', 'community', 'utility')),
  area_code text,
  active boolean not null default true,
  primary key (jurisdiction_id, code),
  foreign key (jurisdiction_id, area_code) references areas (jurisdiction_id, code)
);

create table sla_profiles (
  jurisdiction_id text not null references jurisdictions,
  code text not null,
  name text not null,
  sign_working_days integer not null,
  contact_working_days integer not null,
  reply_working_days integer not null,
  urgent_sign_hours integer not null,
  urgent_contact_hours integer not null,
  urgent_reply_hours integer not null,
  max_extension_working_days integer not null,
  primary key (jurisdiction_id, code)
);

create table categories (
  jurisdiction_id text not null references jurisdictions,
  code text not null,
  name text not null,
  level smallint not null check (level between 1 and 3),
  parent_code text,
  default_department_code text,
  request_types jsonb not null default '["咨询","求助","投诉","举报","建议"]',
  sla_profile_code text not null default 'ordinary',
  active boolean not null default true,
  primary key (jurisdiction_id, code),
  foreign key (jurisdiction_id, parent_code) references categories (jurisdiction_id, code),
  foreign key (jurisdiction_id, default_department_code) references departments (jurisdiction_id, code),
  foreign key (jurisdiction_id, sla_profile_code) references sla_profiles (jurisdiction_id, code)
);
create index categories_name on categories (jurisdiction_id, level, name);

create table users (
  jurisdiction_id text not null references jurisdictions,
  id bigint generated always as identity,
  username text,
  display_name text not null,
  role text not null check (role in ('resident', 'operator', 'dispatcher', 'handler', 'department_head',
    'supervisor', 'admin', 'field_worker')),
  department_code text,
  area_code text,
  password_hash text,
  phone_hash text,
  phone_enc text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (jurisdiction_id, id),
  foreign key (jurisdiction_id, department_code) references departments (jurisdiction_id, code)
);
create unique index users_username on users (jurisdiction_id, username) where username is not null;
create unique index users_resident_phone on users (jurisdiction_id, phone_hash) where role = 'resident';

create table sessions (
  jurisdiction_id text not null references jurisdictions,
  token_hash text not null,
  user_id bigint not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (jurisdiction_id, token_hash),
  foreign key (jurisdiction_id, user_id) references users (jurisdiction_id, id)
);
create unique index sessions_token on sessions (token_hash);

create table otp_codes (
  jurisdiction_id text not null references jurisdictions,
  phone_hash text not null,
  code_hash text not null,
  attempts integer not null default 0,
  expires_at timestamptz not null,
  primary key (jurisdiction_id, phone_hash)
);

create table api_keys (
  jurisdiction_id text not null references jurisdictions,
  id bigint generated always as identity,
  name text not null,
  prefix text not null,
  key_hash text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  primary key (jurisdiction_id, id)
);
create unique index api_keys_hash on api_keys (key_hash);

create sequence request_ticket_seq;

create table requests (
  jurisdiction_id text not null references jurisdictions,
  id bigint generated always as identity,
  ticket_no text not null,
  channel text not null check (channel in ('hotline', 'web', 'app', 'visit', 'open311', 'community')),
  type text not null check (type in ('咨询', '求助', '投诉', '举报', '建议')),
  status text not null,
  version integer not null default 1,
  title text not null default '',
  title_norm text not null default '',
  body text not null,
  body_norm text not null,
  lat double precision,
  lon double precision,
  address text,
  area_code text,
  category_code text,
  department_code text,
  urgent boolean not null default false,
  reporter_user_id bigint,
  reporter_name_enc text,
  reporter_phone_enc text,
  reporter_phone_hash text,
  reporter_name_mask text,
  reporter_phone_mask text,
  created_by_user_id bigint,
  api_key_id bigint,
  merged_into_id bigint,
  return_count integer not null default 0,
  reopen_count integer not null default 0,
  escalated boolean not null default false,
  supervised boolean not null default false,
  extension_pending jsonb,
  last_return_reason text,
  dispatched_at timestamptz,
  sign_by timestamptz,
  contact_by timestamptz,
  reply_by timestamptz,
  signed_at timestamptz,
  contacted_at timestamptz,
  replied_at timestamptz,
  followed_up_at timestamptz,
  closed_at timestamptz,
  followup_resolved boolean,
  followup_satisfaction text check (followup_satisfaction in ('satisfied', 'basically_satisfied', 'unsatisfied')),
  followup_by text,
  sign_overdue boolean not null default false,
  reply_overdue boolean not null default false,
  suggestions jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (jurisdiction_id, id),
  foreign key (jurisdiction_id, area_code) references areas (jurisdiction_id, code),
  foreign key (jurisdiction_id, category_code) references categories (jurisdiction_id, code),
  foreign key (jurisdiction_id, department_code) references departments (jurisdiction_id, code)
);
create unique index requests_ticket on requests (jurisdiction_id, ticket_no);
create index requests_status on requests (jurisdiction_id, status, reply_by);
create index requests_department on requests (jurisdiction_id, department_code, status);
create index requests_created on requests (jurisdiction_id, created_at);
create index requests_reporter on requests (jurisdiction_id, reporter_user_id);
create index requests_dispatched on requests (jurisdiction_id, dispatched_at);

create table request_events (
  jurisdiction_id text not null,
  request_id bigint not null,
  seq integer not null,
  id bigint generated always as identity,
  type text not null,
  actor_user_id bigint,
  actor_role text not null,
  actor_label text not null,
  from_status text,
  to_status text not null,
  payload jsonb not null default '{}',
  at timestamptz not null default now(),
  primary key (jurisdiction_id, request_id, seq),
  foreign key (jurisdiction_id, request_id) references requests (jurisdiction_id, id)
);
create index request_events_at on request_events (jurisdiction_id, at);
create unique index request_events_id on request_events (id);

create table outbox (
  jurisdiction_id text not null,
  id bigint generated always as identity,
  topic text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  attempts integer not null default 0,
  last_error text,
  primary key (jurisdiction_id, id)
);
create index outbox_pending on outbox (created_at) where sent_at is null;

create table idempotency_keys (
  jurisdiction_id text not null,
  scope text not null,
  key text not null,
  fingerprint text not null,
  status_code integer not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  primary key (jurisdiction_id, scope, key)
);
