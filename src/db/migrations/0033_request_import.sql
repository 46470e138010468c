-- Requests imported from another 12345 system keep that system's ticket number: a re-run of the same file
-- finds them by it and imports nothing twice.
alter table requests add column source_ticket_no text;
create unique index requests_source_ticket on requests (jurisdiction_id, source_ticket_no)
  where source_ticket_no is not null;
