-- Triage (src/triage/) runs after a registration has committed, off the request path: it indexes the request's
-- text for the duplicate lookup, checks for probable duplicates and auto-dispatches confident classifications.
-- triaged_at marks the requests it has done; the few it has not (a crash between the commit and the triage) are
-- found through the partial index and triaged when the server starts and by the periodic sweep.
alter table requests add column triaged_at timestamptz;
update requests set triaged_at = created_at;
create index requests_untriaged on requests (jurisdiction_id, id) where triaged_at is null;

-- The metrics roll-up only cares about requests that close: with a WHEN clause a registration (an insert in
-- status 'registered') or any other transition no longer calls the PL/pgSQL function at all.
drop trigger requests_metrics_closed on requests;
create trigger requests_metrics_closed_insert after insert on requests
  for each row when (new.status = 'closed') execute function metrics_rollup_closed();
create trigger requests_metrics_closed_update after update of status on requests
  for each row when (new.status = 'closed' and old.status <> 'closed') execute function metrics_rollup_closed();
