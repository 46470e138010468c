-- Limits on one-time codes that hold across codes, processes and restarts (src/auth/otp.ts): how many codes a
-- phone, or a client address, was sent in the current window and when it may be sent the next (a backoff that
-- doubles), and how many wrong codes a phone has given, whatever code they were for.
create table otp_throttle (
  jurisdiction_id text not null references jurisdictions,
  -- 'phone:<keyed hash>' or 'address:<keyed hash>': no phone number or address is stored.
  key text not null,
  window_start timestamptz not null,
  sends integer not null default 0,
  failures integer not null default 0,
  next_send_at timestamptz not null,
  primary key (jurisdiction_id, key)
);
