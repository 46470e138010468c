-- Duplicate lookup at registration (src/text/duplicate-index.ts): the LSH band keys of each request's MinHash
-- signature (src/text/duplicates.ts), one row per band. A lookup reads the rows of the new text's keys within the
-- time window and near the place, then re-ranks the few candidates on the exact text similarity.
--
-- created_at sits in the key before request_id (uniqueness is unchanged: a request has one creation time) so that
-- a lookup reads only the rows of its window, however long the history; the place columns ride along in the index
-- (INCLUDE) so that far-away rows are dropped without visiting the table.
--
-- Rows are never updated. Closed and merged requests are not deleted from here: the lookup joins requests and keeps
-- the open ones, so the lifecycle code does not have to know about this index, and a reopened request is found
-- again. pruneTextBands() deletes rows older than the longest window a lookup may ask for. No foreign key: the
-- rows are derived data, and checking one per band row would double the cost of registration.
create table request_text_bands (
  jurisdiction_id text not null,
  band_key bigint not null,
  created_at timestamptz not null,
  request_id bigint not null,
  area_code text,
  lat double precision,
  lon double precision,
  primary key (jurisdiction_id, band_key, created_at, request_id) include (area_code, lat, lon)
);
