-- 宣讲 and 学习 activities (issue 17): the teams that go out to explain policy and listen, the topics they cover
-- with their materials and target, study and red routes with their stops, the sessions (场次) with their
-- check-ins, walk-in headcount and feedback, and the requests the needs raised at a session became (channel
-- `lecture`). Kysely types are in src/activities/schema.ts.

-- 宣讲团/宣讲队: run by a department or an area (a street, a community), or neither (a city-wide team).
create table activity_teams (
  jurisdiction_id text not null references jurisdictions,
  id bigint generated always as identity,
  name text not null,
  kind text not null check (kind in ('cadres', 'experts', 'volunteers', 'youth', 'residents')),
  level text not null check (level in ('city', 'district', 'street', 'community')),
  department_code text,
  area_code text,
  created_by_user_id bigint,
  created_at timestamptz not null default now(),
  primary key (jurisdiction_id, id),
  foreign key (jurisdiction_id, department_code) references departments (jurisdiction_id, code),
  foreign key (jurisdiction_id, area_code) references areas (jurisdiction_id, code)
);

-- A team's members: a member of staff (user_id) or an outsider known by name (a 百姓名嘴, a pupil's first name).
create table activity_team_members (
  jurisdiction_id text not null,
  id bigint generated always as identity,
  team_id bigint not null,
  position integer not null,
  user_id bigint,
  name text,
  role text not null check (role in ('leader', 'speaker', 'member')),
  primary key (jurisdiction_id, id),
  foreign key (jurisdiction_id, team_id) references activity_teams (jurisdiction_id, id) on delete cascade,
  foreign key (jurisdiction_id, user_id) references users (jurisdiction_id, id),
  check ((user_id is null) <> (name is null))
);
create index activity_team_members_team on activity_team_members (jurisdiction_id, team_id, position);

-- A topic (a plenary session's spirit, garbage sorting, anti-fraud), its materials [{title, url}], the period it
-- is to be covered in and its target: every community under target_area_code to have had a session by
-- target_date.
create table activity_topics (
  jurisdiction_id text not null references jurisdictions,
  id bigint generated always as identity,
  title text not null,
  summary text not null default '',
  materials jsonb not null default '[]',
  period_start date,
  period_end date,
  target_area_code text,
  target_date date,
  created_by_user_id bigint,
  created_at timestamptz not null default now(),
  primary key (jurisdiction_id, id),
  foreign key (jurisdiction_id, target_area_code) references areas (jurisdiction_id, code),
  check (period_start is null or period_end is null or period_start <= period_end)
);

-- 学习线路 / 红色线路: an ordered list of stops, each a place with a point and its story.
create table activity_routes (
  jurisdiction_id text not null references jurisdictions,
  id bigint generated always as identity,
  name text not null,
  kind text not null check (kind in ('study', 'red')),
  description text not null default '',
  created_at timestamptz not null default now(),
  primary key (jurisdiction_id, id)
);

create table activity_route_stops (
  jurisdiction_id text not null,
  id bigint generated always as identity,
  route_id bigint not null,
  position integer not null,
  name text not null,
  lat double precision,
  lon double precision,
  story text not null default '',
  primary key (jurisdiction_id, id),
  foreign key (jurisdiction_id, route_id) references activity_routes (jurisdiction_id, id) on delete cascade,
  unique (jurisdiction_id, route_id, position)
);

-- A session (场次): a 宣讲 (lecture) or a 学习 (study) activity at a time and place. Its state (planned, running,
-- ended, cancelled) is derived from the times on the moment asked (src/activities/session-state.ts). The
-- check-in secret signs the rotating QR code's content and never leaves the server.
create table activity_sessions (
  jurisdiction_id text not null references jurisdictions,
  id bigint generated always as identity,
  title text not null,
  kind text not null check (kind in ('lecture', 'study')),
  format text not null,
  topic_id bigint,
  team_id bigint,
  speakers text[] not null default '{}',
  party_branch text,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  area_code text not null,
  venue text not null default '',
  route_id bigint,
  audiences text[] not null default '{}',
  capacity integer check (capacity is null or capacity > 0),
  registration_required boolean not null default false,
  is_public boolean not null default false,
  cancelled_at timestamptz,
  cancel_reason text,
  -- walk-ins counted by the organiser, beside the named check-ins
  headcount integer not null default 0 check (headcount >= 0),
  check_in_secret bytea not null,
  organiser_user_id bigint not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (jurisdiction_id, id),
  foreign key (jurisdiction_id, topic_id) references activity_topics (jurisdiction_id, id),
  foreign key (jurisdiction_id, team_id) references activity_teams (jurisdiction_id, id),
  foreign key (jurisdiction_id, route_id) references activity_routes (jurisdiction_id, id),
  foreign key (jurisdiction_id, area_code) references areas (jurisdiction_id, code),
  foreign key (jurisdiction_id, organiser_user_id) references users (jurisdiction_id, id),
  check (ends_at > starts_at),
  check (
    (kind = 'lecture' and format in ('central', 'interactive', 'teahouse', 'onsite', 'online'))
    or (kind = 'study' and format in ('group_study', 'three_one', 'party_day', 'onsite', 'online'))
  )
);
create index activity_sessions_starts on activity_sessions (jurisdiction_id, starts_at);
create index activity_sessions_topic on activity_sessions (jurisdiction_id, topic_id) where topic_id is not null;
create index activity_sessions_team on activity_sessions (jurisdiction_id, team_id) where team_id is not null;
create index activity_sessions_area on activity_sessions (jurisdiction_id, area_code, starts_at);

-- A named attendee: a resident by their account's phone, a party member by name and branch, or a name the
-- organiser took offline. Names and phones are personal data: encrypted, found by keyed hashes; one person
-- checks in once (by phone, or by name and branch).
create table activity_attendees (
  jurisdiction_id text not null,
  id bigint generated always as identity,
  session_id bigint not null,
  method text not null check (method in ('phone', 'member', 'offline')),
  phone_hash text,
  phone_enc text,
  name_enc text,
  branch text,
  name_key text,
  checked_in_at timestamptz not null,
  -- the organiser's offline entry: its id on the organiser's device, and who synced it
  client_id text,
  recorded_by_user_id bigint,
  created_at timestamptz not null default now(),
  primary key (jurisdiction_id, id),
  foreign key (jurisdiction_id, session_id) references activity_sessions (jurisdiction_id, id),
  check (phone_hash is not null or name_key is not null)
);
create index activity_attendees_session on activity_attendees (jurisdiction_id, session_id);
create unique index activity_attendees_phone on activity_attendees (jurisdiction_id, session_id, phone_hash)
  where phone_hash is not null;
create unique index activity_attendees_name on activity_attendees (jurisdiction_id, session_id, name_key)
  where name_key is not null;
create unique index activity_attendees_client on activity_attendees (jurisdiction_id, session_id, client_id)
  where client_id is not null;

-- An attendee's rating of the session, once.
create table activity_feedback (
  jurisdiction_id text not null,
  id bigint generated always as identity,
  session_id bigint not null,
  attendee_id bigint not null,
  rating integer not null check (rating between 1 and 5),
  comment text not null default '',
  created_at timestamptz not null default now(),
  primary key (jurisdiction_id, id),
  foreign key (jurisdiction_id, session_id) references activity_sessions (jurisdiction_id, id),
  foreign key (jurisdiction_id, attendee_id) references activity_attendees (jurisdiction_id, id),
  unique (jurisdiction_id, attendee_id)
);
create index activity_feedback_session on activity_feedback (jurisdiction_id, session_id);

-- The needs (意见建议) raised at a session: requests of the new channel `lecture`, linked to it.
alter table requests
  add column activity_session_id bigint,
  add foreign key (jurisdiction_id, activity_session_id) references activity_sessions (jurisdiction_id, id);
create index requests_activity_session on requests (jurisdiction_id, activity_session_id)
  where activity_session_id is not null;
alter table requests drop constraint requests_channel_check;
alter table requests add constraint requests_channel_check
  check (channel in ('hotline', 'web', 'app', 'visit', 'open311', 'community', 'lecture'));
