-- Staff notifications (src/notifications/): what is new for a member of staff is derived from the requests and
-- their events (a dispatch to their department, a deadline due within hours, 督办, returns escalated); what they
-- have seen is the time they last marked them read.
create table staff_notification_reads (
  jurisdiction_id text not null references jurisdictions,
  user_id bigint not null,
  read_at timestamptz not null,
  primary key (jurisdiction_id, user_id)
);
