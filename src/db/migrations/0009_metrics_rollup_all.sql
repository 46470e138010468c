-- 三率 over every request, in milliseconds whatever the share of open ones. 0003 rolled up closed requests only
-- and counted the open ones live: with a few hundred thousand open requests (two weeks of a big city's hotline)
-- that scan alone took half a second. Now every request that is not merged contributes to a daily roll-up, kept
-- exact by statement-level triggers that subtract the rows' old contributions and add their new ones (one
-- grouped upsert per statement, so a registration batch or a sweep costs one upsert per cell it touches).
--
-- Only one part of the measures depends on the clock: a reply that is due but not given (counted in replies_due
-- and overdue_open once its deadline has passed). Those requests are counted in metrics_waiting by the local day
-- of their reply deadline; a reading counts the days before today from there, and today's deadlines live (see
-- src/metrics/query.ts).

create table metrics_daily (
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
  -- replies given to dispatched requests with a reply deadline (the part of replies_due the clock cannot change)
  replied_due integer not null default 0,
  replied_on_time integer not null default 0,
  primary key (jurisdiction_id, day, department_code, area_code, category_code)
);

create table metrics_waiting (
  jurisdiction_id text not null,
  day date not null,
  department_code text not null default '',
  area_code text not null default '',
  category_code text not null default '',
  due_day date not null,
  waiting integer not null default 0,
  primary key (jurisdiction_id, day, department_code, area_code, category_code, due_day)
);

-- Today's deadlines are read live: dispatched requests without a reply, by deadline.
create index requests_waiting_reply on requests (jurisdiction_id, reply_by)
  where dispatched_at is not null and replied_at is null;

-- The statement that adds signed contributions to the roll-up: `source` selects requests' columns and a `sign`
-- (+1 to add them, -1 to subtract them). A merged duplicate contributes nothing (its original is counted).
create function metrics_rollup_sql(source text) returns text language sql immutable as $fn$
  select format($sql$
    with changed as (%s),
    changes as materialized (
      select r.jurisdiction_id, r.sign,
        (r.created_at at time zone j.timezone)::date as day,
        coalesce(r.department_code, '') as department_code,
        coalesce(r.area_code, '') as area_code,
        coalesce(r.category_code, '') as category_code,
        1 as total,
        (r.dispatched_at is not null)::int as dispatched,
        coalesce(r.dispatched_at is not null and r.signed_at <= r.sign_by
          and r.contacted_at <= r.contact_by, false)::int as responded,
        (r.followed_up_at is not null)::int as followed_up,
        coalesce(r.followed_up_at is not null and r.followup_resolved, false)::int as resolved,
        coalesce(r.followed_up_at is not null
          and r.followup_satisfaction in ('satisfied', 'basically_satisfied'), false)::int as satisfied,
        (r.dispatched_at is not null and r.reply_by is not null and r.replied_at is not null)::int as replied_due,
        coalesce(r.dispatched_at is not null and r.replied_at <= r.reply_by, false)::int as replied_on_time,
        case when r.dispatched_at is not null and r.replied_at is null and r.reply_by is not null
          then (r.reply_by at time zone j.timezone)::date end as due_day
      from changed r
      join jurisdictions j on j.jurisdiction_id = r.jurisdiction_id
      where r.status <> 'merged'),
    daily as (
      insert into metrics_daily as m (jurisdiction_id, day, department_code, area_code, category_code, total,
        dispatched, responded, followed_up, resolved, satisfied, replied_due, replied_on_time)
      select jurisdiction_id, day, department_code, area_code, category_code, sum(sign * total),
        sum(sign * dispatched), sum(sign * responded), sum(sign * followed_up), sum(sign * resolved),
        sum(sign * satisfied), sum(sign * replied_due), sum(sign * replied_on_time)
      from changes
      group by 1, 2, 3, 4, 5
      having sum(sign * total) <> 0 or sum(sign * dispatched) <> 0 or sum(sign * responded) <> 0
        or sum(sign * followed_up) <> 0 or sum(sign * resolved) <> 0 or sum(sign * satisfied) <> 0
        or sum(sign * replied_due) <> 0 or sum(sign * replied_on_time) <> 0
      -- one order for every writer, so that two statements never wait for each other's cells in a cycle
      order by 1, 2, 3, 4, 5
      on conflict (jurisdiction_id, day, department_code, area_code, category_code) do update set
        total = m.total + excluded.total,
        dispatched = m.dispatched + excluded.dispatched,
        responded = m.responded + excluded.responded,
        followed_up = m.followed_up + excluded.followed_up,
        resolved = m.resolved + excluded.resolved,
        satisfied = m.satisfied + excluded.satisfied,
        replied_due = m.replied_due + excluded.replied_due,
        replied_on_time = m.replied_on_time + excluded.replied_on_time)
    insert into metrics_waiting as w (jurisdiction_id, day, department_code, area_code, category_code, due_day,
      waiting)
    select jurisdiction_id, day, department_code, area_code, category_code, due_day, sum(sign)
    from changes
    where due_day is not null
    group by 1, 2, 3, 4, 5, 6
    having sum(sign) <> 0
    order by 1, 2, 3, 4, 5, 6
    on conflict (jurisdiction_id, day, department_code, area_code, category_code, due_day) do update set
      waiting = w.waiting + excluded.waiting
  $sql$, source)
$fn$;

-- Adds the contributions of a statement's new rows and subtracts those of its old rows. The rows come from the
-- statement's transition tables, which only the trigger function itself can read: it runs the statement.
create function metrics_rollup() returns trigger language plpgsql as $fn$
begin
  execute metrics_rollup_sql(case tg_op
    when 'INSERT' then 'select *, 1 as sign from new_rows'
    when 'DELETE' then 'select *, -1 as sign from old_rows'
    else 'select *, 1 as sign from new_rows union all select *, -1 from old_rows' end);
  return null;
end $fn$;

drop trigger requests_metrics_closed_insert on requests;
drop trigger requests_metrics_closed_update on requests;
drop function metrics_rollup_closed();
drop table metrics_closed_daily;

create trigger requests_metrics_insert after insert on requests
  referencing new table as new_rows for each statement execute function metrics_rollup();
create trigger requests_metrics_update after update on requests
  referencing old table as old_rows new table as new_rows for each statement execute function metrics_rollup();
create trigger requests_metrics_delete after delete on requests
  referencing old table as old_rows for each statement execute function metrics_rollup();

-- The requests already there.
do $$ begin execute metrics_rollup_sql('select *, 1 as sign from requests'); end $$;
