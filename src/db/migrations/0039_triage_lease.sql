-- Triage claimed under a lease (src/triage/): a process takes untriaged requests by setting triage_lease_until
-- (`for update skip locked`, so two workers never take the same one) and sets triaged_at once done. A process
-- killed in between leaves the lease to run out, after which another takes the requests again. The partial
-- index requests_untriaged (0008) finds them.
alter table requests add column triage_lease_until timestamptz;
