-- Area alerts (src/subscriptions/, FixMyStreet's alerts): anyone subscribes an e-mail address (a logged-in resident
-- their own phone) to the new public requests and updates of an area, or within a radius of a point, optionally of
-- one category; confirmed by a signed link, sent as a digest at most once a day, unsubscribed by a link.
create table subscriptions (
  jurisdiction_id text not null references jurisdictions,
  id bigint generated always as identity,
  channel text not null check (channel in ('email', 'sms')),
  -- the address encrypted (the vault), and its keyed hash (an e-mail lower-cased; a phone as privacy/phone.ts)
  address_enc text not null,
  address_hash text not null,
  -- an area (its tree) or a circle of radius_m metres around (lat, lon); a category's tree optionally
  area_code text,
  lat double precision,
  lon double precision,
  radius_m integer check (radius_m between 100 and 5000),
  category_code text,
  -- the scope as one text: one subscription per address and scope
  scope_key text not null,
  status text not null check (status in ('pending', 'active', 'unsubscribed')),
  -- bumped at each new confirmation: a link signed for an earlier one no longer works
  token_seq integer not null default 1,
  created_at timestamptz not null,
  confirm_sent_at timestamptz,
  confirmed_at timestamptz,
  unsubscribed_at timestamptz,
  -- the next digest tells what happened from digest_from on, no earlier than next_digest_at
  digest_from timestamptz,
  next_digest_at timestamptz,
  last_digest_at timestamptz,
  primary key (jurisdiction_id, id),
  unique (jurisdiction_id, address_hash, scope_key),
  check ((area_code is null) = (lat is not null and lon is not null and radius_m is not null))
);
create index subscriptions_due on subscriptions (jurisdiction_id, next_digest_at) where status = 'active';
