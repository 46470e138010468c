-- 三率 over a year of requests must answer in milliseconds. A closed request's contribution to every measure
-- is final (nothing but a reveal can happen to it, and its figures no longer depend on the clock), so it is
-- added once, when it closes, to a daily roll-up; metrics read the roll-up for whole days and scan only the
-- requests still open (and the partial days at the edges of the period). See src/metrics/query.ts.

create table metrics_closed_daily (
  jurisdiction_id text not null,
  day date not null,
  department_code text not null default '',
  area_code text not null default '',
  category_code text not null default '',
  total integer not null default 0,
  dispatched integer not null default 0,
  responded integer not null default 0,
  followed_up integer not null default 0,
  resolved integer not null default 0,
  satisfied integer not null default 0,
  replies_due integer not null default 0,
  replied_on_time integer not null default 0,
  primary key (jurisdiction_id, day, department_code, area_code, category_code)
);

create function metrics_rollup_closed() returns trigger language plpgsql as $$
declare
  tz text;
  dispatched boolean := new.dispatched_at is not null;
  followed boolean := new.followed_up_at is not null;
begin
  if new.status <> 'closed' or (tg_op = 'UPDATE' and old.status = 'closed') then
    return null;
  end if;
  select timezone into tz from jurisdictions where jurisdiction_id = new.jurisdiction_id;
  insert into metrics_closed_daily as m (jurisdiction_id, day, department_code, area_code, category_code, total,
    dispatched, responded, followed_up, resolved, satisfied, replies_due, replied_on_time)
  values (
    new.jurisdiction_id,
    (new.created_at at time zone coalesce(tz, 'Asia/Shanghai'))::date,
    coalesce(new.department_code, ''), coalesce(new.area_code, ''), coalesce(new.category_code, ''),
    1,
    dispatched::int,
    coalesce(dispatched and new.signed_at <= new.sign_by and new.contacted_at <= new.contact_by, false)::int,
    followed::int,
    coalesce(followed and new.followup_resolved, false)::int,
    coalesce(followed and new.followup_satisfaction in ('satisfied', 'basically_satisfied'), false)::int,
    -- a closed request was replied (closing needs a reply), so its reply was due whatever the clock says
    coalesce(dispatched and new.reply_by is not null and new.replied_at is not null, false)::int,
    coalesce(dispatched and new.replied_at <= new.reply_by, false)::int)
  on conflict (jurisdiction_id, day, department_code, area_code, category_code) do update set
    total = m.total + excluded.total,
    dispatched = m.dispatched + excluded.dispatched,
    responded = m.responded + excluded.responded,
    followed_up = m.followed_up + excluded.followed_up,
    resolved = m.resolved + excluded.resolved,
    satisfied = m.satisfied + excluded.satisfied,
    replies_due = m.replies_due + excluded.replies_due,
    replied_on_time = m.replied_on_time + excluded.replied_on_time;
  return null;
end $$;

create trigger requests_metrics_closed after insert or update of status on requests
  for each row execute function metrics_rollup_closed();

create index requests_open_created on requests (jurisdiction_id, created_at)
  where status not in ('closed', 'merged');
