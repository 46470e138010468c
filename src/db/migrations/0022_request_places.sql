-- The map's pins: the requests placed in a map view (a range of latitudes, then of longitudes).
create index requests_place on requests (jurisdiction_id, lat, lon) where lat is not null;
