-- 附议 "me too": a resident about to file adds their voice to an open public request instead. The request counts
-- its reporters (1: the one who filed it, plus one per supporter); each supporter follows it and is told its answer.
alter table requests add column reporter_count integer not null default 1 check (reporter_count >= 1);

create table request_supporters (
  jurisdiction_id text not null references jurisdictions,
  request_id bigint not null,
  -- the resident's phone (privacy/phone.ts hash): one voice per phone per request
  phone_hash text not null,
  user_id bigint not null,
  created_at timestamptz not null,
  primary key (jurisdiction_id, request_id, phone_hash),
  foreign key (jurisdiction_id, request_id) references requests (jurisdiction_id, id)
);
-- a resident's followed requests, newest first
create index request_supporters_by_phone on request_supporters (jurisdiction_id, phone_hash, created_at desc);
