-- 差评复核 (disputed ratings): a department disputes an unsatisfied or unresolved follow-up within N working days
-- (the jurisdiction's setting `rating_dispute_working_days`, default 5) with a reason and evidence; a reviewer
-- decides 合理 (the rating stands) or 不合理 (the rating is excluded from 满意率 and 解决率, stays on the timeline,
-- and is counted in `rating_excluded`). The history is the request's events (`dispute-rating`, `decide-dispute`).
--
-- On the request: until when its last follow-up may be disputed (set by a negative follow-up), the dispute of that
-- follow-up (pending or decided; a new follow-up clears it), and whether that follow-up's rating is excluded.
alter table requests
  add column rating_dispute_by timestamptz,
  add column rating_dispute jsonb,
  add column followup_excluded boolean not null default false;
create index requests_rating_disputes_pending on requests (jurisdiction_id, updated_at)
  where rating_dispute ->> 'state' = 'pending';

-- Evidence of a dispute reuses the request's files: staff-only, not counted among the resident's photos.
alter table attachments add column purpose text not null default 'photo' check (purpose in ('photo', 'evidence'));

-- The roll-up keeps the excluded ratings apart: the reviewed 满意率 and 解决率 take them out of their base (and
-- the excluded follow-ups answered resolved or satisfied out of the numerators); the raw ones do not.
alter table metrics_daily
  add column rating_excluded integer not null default 0,
  add column excluded_resolved integer not null default 0,
  add column excluded_satisfied integer not null default 0;

create or replace function metrics_rollup_sql(source text) returns text language sql immutable as $fn$
  select format($sql$
    with changed as (%s),
    counted as (
      select r.*, r.status = 'withdrawn' as withdrawn_now, coalesce(r.missed_reply_by, r.reply_by) as due_by,
        (r.status <> 'withdrawn' and r.followed_up_at is not null and r.followup_excluded) as excluded_now
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
        r.excluded_now::int as rating_excluded,
        coalesce(r.excluded_now and r.followup_resolved, false)::int as excluded_resolved,
        coalesce(r.excluded_now and r.followup_satisfaction in ('satisfied', 'basically_satisfied'), false)::int
          as excluded_satisfied,
        case when not r.withdrawn_now and r.dispatched_at is not null and r.replied_at is null
          and r.due_by is not null then (r.due_by at time zone j.timezone)::date end as due_day
      from counted r
      join jurisdictions j on j.jurisdiction_id = r.jurisdiction_id),
    daily as (
      insert into metrics_daily as m (jurisdiction_id, day, department_code, area_code, category_code, total,
        withdrawn, dispatched, responded, followed_up, resolved, satisfied, replied_due, replied_on_time,
        rating_excluded, excluded_resolved, excluded_satisfied)
      select jurisdiction_id, day, department_code, area_code, category_code, sum(sign * total),
        sum(sign * withdrawn), sum(sign * dispatched), sum(sign * responded), sum(sign * followed_up),
        sum(sign * resolved), sum(sign * satisfied), sum(sign * replied_due), sum(sign * replied_on_time),
        sum(sign * rating_excluded), sum(sign * excluded_resolved), sum(sign * excluded_satisfied)
      from changes
      group by 1, 2, 3, 4, 5
      having sum(sign * total) <> 0 or sum(sign * withdrawn) <> 0 or sum(sign * dispatched) <> 0
        or sum(sign * responded) <> 0 or sum(sign * followed_up) <> 0 or sum(sign * resolved) <> 0
        or sum(sign * satisfied) <> 0 or sum(sign * replied_due) <> 0 or sum(sign * replied_on_time) <> 0
        or sum(sign * rating_excluded) <> 0 or sum(sign * excluded_resolved) <> 0
        or sum(sign * excluded_satisfied) <> 0
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
        replied_on_time = m.replied_on_time + excluded.replied_on_time,
        rating_excluded = m.rating_excluded + excluded.rating_excluded,
        excluded_resolved = m.excluded_resolved + excluded.excluded_resolved,
        excluded_satisfied = m.excluded_satisfied + excluded.excluded_satisfied)
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
