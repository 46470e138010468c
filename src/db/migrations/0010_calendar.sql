-- The working-day calendar's overrides (src/calendar): the State Council's yearly schedule of statutory holidays
-- and 调休 make-up working days, and any local holiday, entered by a jurisdiction's admin (scope = its id) or for
-- every jurisdiction of the deployment (scope = '*', the national layer). An override beats the chinese-days
-- package, whose releases lag the notice; a year that neither knows falls back to Monday–Friday and alerts.

create table calendar_schedules (
  scope text not null,
  year integer not null check (year between 1949 and 2999),
  -- The year's whole statutory schedule (the year is then known), or only local days added to what is known.
  complete boolean not null,
  -- The notice: its number and date, e.g. 国办发明电〔2025〕7号 2025-11-04.
  source text not null check (length(source) between 1 and 200),
  -- What the admin entered (the notice's wording, an iCalendar or a CSV file), kept for the record.
  input_format text not null check (input_format in ('notice', 'ical', 'csv')),
  input_text text not null,
  entered_by text not null,
  entered_at timestamptz not null default now(),
  primary key (scope, year)
);

create table calendar_days (
  scope text not null,
  day date not null,
  -- The schedule the day belongs to: a year's notice may name a make-up day of the year before.
  year integer not null,
  working boolean not null,
  name text not null,
  primary key (scope, day),
  foreign key (scope, year) references calendar_schedules (scope, year) on delete cascade
);

-- Alerts for a jurisdiction's admins, one per key: raising an open alert again changes nothing.
create table admin_alerts (
  jurisdiction_id text not null references jurisdictions,
  key text not null,
  kind text not null,
  message text not null,
  message_en text not null,
  details jsonb not null default '{}',
  raised_at timestamptz not null default now(),
  resolved_at timestamptz,
  primary key (jurisdiction_id, key)
);
