import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distanceMetres } from '../routing/geo.js';
import { CitySites, type IndexedSite } from './site-index.js';

let next = 1;
function site(lat: number, lon: number, extra: Partial<IndexedSite> = {}): IndexedSite {
  const id = next++;
  return {
    jurisdiction_id: 'j',
    id,
    code: `S${id}`,
    name: `site ${id}`,
    kind: 'public',
    operator_name: null,
    operator_department_code: null,
    address: null,
    lat,
    lon,
    area_code: null,
    capacity: 100,
    capacity_disabled: 0,
    capacity_charging: 0,
    has_fee: true,
    fee_description: null,
    opening_hours: '24/7',
    shares: false,
    osm_id: null,
    realtime_interval_seconds: 30,
    active: true,
    version: 1,
    updated_at: new Date(0),
    live_observed_at: null,
    live_free: null,
    live_capacity: null,
    forecast_starts_at: null,
    forecast_step_minutes: null,
    forecast_rates: null,
    ...extra,
  } as IndexedSite;
}

const here = { lat: 31.43, lon: 120.6 };
/** A point `m` metres north of here. */
const north = (m: number) => here.lat + m / 111_195;

test('nearby answers the active sites within the radius, nearest first, across grid cells', () => {
  const sites = [
    site(north(900), here.lon),
    site(north(100), here.lon),
    site(north(1100), here.lon),
    site(north(300), here.lon, { active: false }),
    site(here.lat - 0.005, here.lon - 0.005), // another cell, ~700 m south-west
    site(north(500), here.lon, { shares: true }),
  ];
  const city = new CitySites(sites);
  const found = city.nearby({ ...here, radius: 1000, limit: 10 });
  assert.deepEqual(
    found.map((s) => s.id),
    [sites[1]!.id, sites[5]!.id, sites[4]!.id, sites[0]!.id],
  );
  for (const s of found)
    assert.equal(Math.round(s.distance_m), Math.round(distanceMetres(here.lat, here.lon, s.lat, s.lon)));
  assert.deepEqual(
    city.nearby({ ...here, radius: 1000, limit: 10, shares: true }).map((s) => s.id),
    [sites[5]!.id],
  );
  assert.equal(city.nearby({ ...here, radius: 1000, limit: 2 }).length, 2);
  assert.equal(city.byCode.get(sites[3]!.code)!.active, false);
});

test('a live figure moves only to a newer observation', () => {
  const s = site(here.lat, here.lon);
  const city = new CitySites([s]);
  city.applyLive({ site_id: s.id, observed_at: new Date(2000), free: 10, capacity: 100 });
  city.applyLive({ site_id: s.id, observed_at: new Date(1000), free: 90, capacity: 100 });
  city.applyLive({ site_id: 999_999, observed_at: new Date(3000), free: 1, capacity: 1 });
  const [found] = city.nearby({ ...here, radius: 50, limit: 1 });
  assert.equal(found!.live_free, 10);
  assert.deepEqual(found!.live_observed_at, new Date(2000));
  city.applyLive({ site_id: s.id, observed_at: new Date(3000), free: 5, capacity: 100 });
  assert.equal(city.byId.get(s.id)!.live_free, 5);
});
