-- Open311 GeoReport v2 (+ the mySociety/FixMyStreet update extension).
-- Kysely types for these tables live in src/open311/schema.ts.

-- Service attributes (GeoReport "service definitions") attached to categories by admins. An attribute on a
-- 二级 category applies to its 三级 children too; a child's attribute with the same code wins.
create table category_attributes (
  jurisdiction_id text not null,
  category_code text not null,
  code text not null,
  variable boolean not null default true,
  datatype text not null check (datatype in ('string', 'number', 'datetime', 'text', 'singlevaluelist',
    'multivaluelist')),
  required boolean not null default false,
  datatype_description text,
  sort_order integer,
  description text,
  list_values jsonb not null default '[]',
  updated_at timestamptz not null default now(),
  primary key (jurisdiction_id, category_code, code),
  foreign key (jurisdiction_id, category_code) references categories (jurisdiction_id, code) on delete cascade
);

-- What a request filed through Open311 carries besides the request itself: the token of GET tokens/{token},
-- the attribute values, the media URL and the client's own identifiers. The e-mail address and the names are
-- personal data: encrypted like every other contact field, never output (the names are kept to mask them
-- where the resident typed them into the description).
create table open311_requests (
  jurisdiction_id text not null,
  request_id bigint not null,
  token text not null,
  api_key_id bigint not null,
  service_code text not null,
  attributes jsonb not null default '{}',
  media_url text,
  account_id text,
  device_id text,
  email_enc text,
  name_enc text,
  created_at timestamptz not null default now(),
  primary key (jurisdiction_id, request_id),
  foreign key (jurisdiction_id, request_id) references requests (jurisdiction_id, id)
);
create unique index open311_requests_token on open311_requests (jurisdiction_id, token);

-- POST servicerequestupdates carries the client's update_id: remembering it makes the POST idempotent (the
-- same update_id from the same key applies once and answers the same update_id of ours: the event id).
create table open311_updates (
  jurisdiction_id text not null,
  api_key_id bigint not null,
  external_update_id text not null,
  request_id bigint not null,
  event_id bigint not null,
  created_at timestamptz not null default now(),
  primary key (jurisdiction_id, api_key_id, external_update_id),
  foreign key (jurisdiction_id, request_id) references requests (jurisdiction_id, id)
);
