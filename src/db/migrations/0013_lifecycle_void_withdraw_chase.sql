-- Issue 13's lifecycle actions and the overdue extension rule.
--
-- 作废 (voided) requests count nowhere: like merged duplicates they contribute nothing to the roll-up.
-- 撤单 (withdrawn) requests count in `total` and in `withdrawn`, and in no rate's base: the resident withdrew
-- before an answer, so there is nothing to have responded to, resolved, satisfied or answered on time.
-- An extension granted to a request already past its reply deadline keeps the deadline it missed
-- (`missed_reply_by`): the figures judge the reply against it, so the request stays late in 按时办结率.

alter table requests
  add column chase_count integer not null default 0,
  add column new_info_at timestamptz,
  add column missed_reply_by timestamptz;

alter table metrics_daily add column withdrawn integer not null default 0;

create or replace function metrics_rollup_sql(source text) returns text language sql immutable as $fn$
  select format($sql$
    with changed as (%s),
    counted as (
      select r.*, r.status = 'withdrawn' as withdrawn_now, coalesce(r.missed_reply_by, r.reply_by) as due_by
      from changed r
      where r.status not in ('merged', 'voided')),
    changes as materialized (
      select r.jurisdiction_id, r.sign,
        (r.created_at at time zone j.timezone)::date as day,
        coalesce(r.department_code, '') as department_code,
        coalesce(r.area_code, '') as area_code,
        coalesce(r.category_code, '') as category_code,
        1 as total,
        r.withdrawn_now::int as withdrawn,
        (not r.withdrawn_now and r.dispatched_at is not null)::int as dispatched,
        coalesce(not r.withdrawn_now and r.dispatched_at is not null and r.signed_at <= r.sign_by
          and r.contacted_at <= r.contact_by, false)::int as responded,
        (not r.withdrawn_now and r.followed_up_at is not null)::int as followed_up,
        coalesce(not r.withdrawn_now and r.followed_up_at is not null and r.followup_resolved, false)::int
          as resolved,
        coalesce(not r.withdrawn_now and r.followed_up_at is not null
          and r.followup_satisfaction in ('satisfied', 'basically_satisfied'), false)::int as satisfied,
        (not r.withdrawn_now and r.dispatched_at is not null and r.due_by is not null
          and r.replied_at is not null)::int as replied_due,
        coalesce(not r.withdrawn_now and r.dispatched_at is not null and r.replied_at <= r.due_by, false)::int
          as replied_on_time,
        case when not r.withdrawn_now and r.dispatched_at is not null and r.replied_at is null
          and r.due_by is not null then (r.due_by at time zone j.timezone)::date end as due_day
      from counted r
      join jurisdictions j on j.jurisdiction_id = r.jurisdiction_id),
    daily as (
      insert into metrics_daily as m (jurisdiction_id, day, department_code, area_code, category_code, total,
        withdrawn, dispatched, responded, followed_up, resolved, satisfied, replied_due, replied_on_time)
      select jurisdiction_id, day, department_code, area_code, category_code, sum(sign * total),
        sum(sign * withdrawn), sum(sign * dispatched), sum(sign * responded), sum(sign * followed_up),
        sum(sign * resolved), sum(sign * satisfied), sum(sign * replied_due), sum(sign * replied_on_time)
      from changes
      group by 1, 2, 3, 4, 5
      having sum(sign * total) <> 0 or sum(sign * withdrawn) <> 0 or sum(sign * dispatched) <> 0
        or sum(sign * responded) <> 0 or sum(sign * followed_up) <> 0 or sum(sign * resolved) <> 0
        or sum(sign * satisfied) <> 0 or sum(sign * replied_due) <> 0 or sum(sign * replied_on_time) <> 0
      -- one order for every writer, so that two statements never wait for each other's cells in a cycle
      order by 1, 2, 3, 4, 5
      on conflict (jurisdiction_id, day, department_code, area_code, category_code) do update set
        total = m.total + excluded.total,
        withdrawn = m.withdrawn + excluded.withdrawn,
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
