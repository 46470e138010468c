-- Every key of a jurisdiction's table leads with jurisdiction_id, so that a distributed engine (Citus, tables
-- distributed by jurisdiction_id) enforces each one on a single shard. The focus tables were keyed by their id
-- alone, and 每月一题's volumes did not say their jurisdiction; a request's events had a unique id of their own.
-- (sessions.token_hash and api_keys.key_hash stay unique alone: a token is looked up before its jurisdiction is
-- known — see docs/SCALING.md.)

alter table monthly_problem_volumes add column jurisdiction_id text;
update monthly_problem_volumes v set jurisdiction_id = p.jurisdiction_id
  from monthly_problems p where p.id = v.problem_id;
alter table monthly_problem_volumes alter column jurisdiction_id set not null;

alter table monthly_problem_tasks drop constraint monthly_problem_tasks_problem_id_fkey;
alter table monthly_problem_volumes drop constraint monthly_problem_volumes_problem_id_fkey;
alter table monthly_problems drop constraint monthly_problems_pkey;
alter table monthly_problems add primary key (jurisdiction_id, id);

alter table monthly_problem_tasks drop constraint monthly_problem_tasks_pkey;
alter table monthly_problem_tasks add primary key (jurisdiction_id, problem_id, project_id);
alter table monthly_problem_tasks add foreign key (jurisdiction_id, problem_id)
  references monthly_problems (jurisdiction_id, id) on delete cascade;

alter table monthly_problem_volumes drop constraint monthly_problem_volumes_pkey;
alter table monthly_problem_volumes add primary key (jurisdiction_id, problem_id, month);
alter table monthly_problem_volumes add foreign key (jurisdiction_id, problem_id)
  references monthly_problems (jurisdiction_id, id) on delete cascade;

alter table early_warnings drop constraint early_warnings_pkey;
alter table early_warnings add primary key (jurisdiction_id, id);

drop index request_events_id;
create unique index request_events_id on request_events (jurisdiction_id, id);
