-- Delivery of the outbox to residents (src/delivery/): each message's state, its lease while a worker sends it,
-- when it is next tried, the channel and the provider's id; the admins' templates per topic; residents' opt-outs.

alter table outbox
  add column status text not null default 'queued'
    check (status in ('queued', 'sent', 'delivered', 'failed', 'dead', 'skipped')),
  add column next_attempt_at timestamptz not null default now(),
  add column lease_until timestamptz,
  add column channel text check (channel in ('log', 'sms', 'email')),
  -- the keyed hash of the phone or e-mail address it went to: per-phone rate limits, never the address itself
  add column recipient_hash text,
  add column provider_id text,
  add column request_id bigint generated always as ((payload ->> 'request_id')::bigint) stored;

update outbox set status = 'sent' where sent_at is not null;
update outbox set status = 'dead' where sent_at is null and attempts >= 10;

drop index outbox_pending;
create index outbox_due on outbox (next_attempt_at) where status in ('queued', 'failed');
create index outbox_dead on outbox (jurisdiction_id) where status = 'dead';
create index outbox_recipient on outbox (jurisdiction_id, recipient_hash, sent_at) where recipient_hash is not null;
create index outbox_request on outbox (jurisdiction_id, request_id);

create table delivery_templates (
  jurisdiction_id text not null references jurisdictions,
  topic text not null,
  body text not null,
  updated_at timestamptz not null default now(),
  updated_by_user_id bigint,
  primary key (jurisdiction_id, topic)
);

create table delivery_opt_outs (
  jurisdiction_id text not null references jurisdictions,
  phone_hash text not null,
  created_at timestamptz not null default now(),
  primary key (jurisdiction_id, phone_hash)
);
