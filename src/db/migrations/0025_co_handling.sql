-- 吹哨报到 co-handling: a request keeps one lead department (主办, requests.department_code); the dispatcher or
-- the lead may add co-handling departments (协办), each of which signs (报到) within its own deadline and submits
-- its part before the lead replies for all.
create table request_co_handlers (
  jurisdiction_id text not null references jurisdictions,
  request_id bigint not null,
  department_code text not null,
  -- the request's registration time, copied (never changes): the figures count co-handlers by the period of
  -- registration of their request, as they count requests
  request_created_at timestamptz not null,
  -- 'dispatch': named when the request was dispatched; 'whistle': 吹哨, added later
  added_via text not null check (added_via in ('dispatch', 'whistle')),
  added_at timestamptz not null,
  added_by_user_id bigint,
  added_by_label text not null,
  sign_by timestamptz not null,
  signed_at timestamptz,
  signed_by_label text,
  part_text text,
  part_attachment_ids integer[] not null default '{}',
  part_submitted_at timestamptz,
  part_by_label text,
  -- released by the centre (no longer waited for: the lead may reply without its part); kept for the record
  released_at timestamptz,
  released_reason text,
  primary key (jurisdiction_id, request_id, department_code),
  foreign key (jurisdiction_id, request_id) references requests (jurisdiction_id, id),
  foreign key (jurisdiction_id, department_code) references departments (jurisdiction_id, code),
  check ((part_submitted_at is null) = (part_text is null)),
  check (part_submitted_at is null or signed_at is not null)
);
-- 响应率 per department: the co-handlers of the requests registered in a period
create index request_co_handlers_created on request_co_handlers (jurisdiction_id, request_created_at);

-- The co-departments still involved (not released), on the request itself: who may read it and act on its part,
-- and the role (主办/协办) a department's lists show, without a join.
alter table requests add column co_department_codes text[] not null default '{}';
create index requests_co_departments on requests using gin (co_department_codes);
