-- Limits on logins that hold across processes and restarts (src/auth/throttle.ts): for one-time codes, how many
-- codes a phone, or a client address, was sent in the current window and when it may be sent the next (a backoff
-- that doubles), and how many wrong codes a phone has given, whatever code they were for; for passwords, how many
-- wrong passwords an account was given, from whatever address.
create table auth_throttle (
  jurisdiction_id text not null references jurisdictions,
  -- 'phone:…', 'address:…' or 'account:…', each with a keyed hash: no phone number, address or name is stored.
  key text not null,
  window_start timestamptz not null,
  sends integer not null default 0,
  failures integer not null default 0,
  next_send_at timestamptz not null,
  primary key (jurisdiction_id, key)
);
