-- Whether the reporter agreed, when filing, that the request be shown on the public pages with their personal
-- data taken out (公开展示（隐去个人信息）/ 不公开). The public list, the public ticket page, Open311 and its feed
-- show only requests with consent (and never a 举报). Requests filed before this choice existed keep being shown
-- as they were (true); a filing that does not say takes true too, the choice the forms offer first.
alter table requests add column public_consent boolean not null default true;

-- Every look-up of a caller's earlier requests by their phone (the registration form's caller history, the staff
-- search by phone): who looked, when, for which number (its keyed hash, never the number) and why.
create table caller_lookups (
  jurisdiction_id text not null references jurisdictions,
  id bigserial,
  at timestamptz not null default now(),
  user_id bigint not null,
  phone_hash text not null,
  -- 'caller_history' (registration form) or 'request_search' (综合查询)
  purpose text not null,
  primary key (jurisdiction_id, id)
);
create index caller_lookups_phone on caller_lookups (jurisdiction_id, phone_hash, at);
