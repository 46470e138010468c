import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seededRandom } from '../../text/seeded-random.js';
import { SiteForecaster, trainModel } from './model.js';
import { dayNumber, dayString, rateAt, seriesOf, type Reading } from './series.js';

/** A car park with a weekday rush, quiet weekends, a level that grows week by week, and noise. */
function site(seed: number, days: number, growth: number): Reading[] {
  const random = seededRandom(seed);
  const start = dayNumber('2026-03-02');
  const out: Reading[] = [];
  for (let d = 0; d < days; d++) {
    const weekday = (d % 7) + 1;
    const level = (weekday >= 6 ? 0.25 : 0.6) * (1 + growth * Math.floor(d / 7)) + (random() - 0.5) * 0.1;
    for (let m = 8 * 60; m <= 18 * 60; m += 30) {
      const shape = Math.sin(((m - 480) / 600) * Math.PI);
      out.push({ day: dayString(start + d), minute: m, rate: Math.min(1, level * (0.4 + 0.8 * shape)) });
    }
  }
  return out;
}

describe('the forecast model', () => {
  test('beats the seasonal-naive forecast on a growing series, day ahead, and stays within 0–1', () => {
    const sites = [1, 2, 3, 4, 5, 6].map((seed) => site(seed, 63, 0.04));
    const start = dayNumber('2026-03-02');
    const split = start + 49;
    const model = trainModel(sites.map((r) => seriesOf(r.filter((x) => dayNumber(x.day) < split))));
    let ours = 0;
    let naive = 0;
    for (let day = split; day < split + 14; day++)
      for (const readings of sites) {
        const history = seriesOf(readings.filter((x) => dayNumber(x.day) < day));
        const f = new SiteForecaster(model, history, day - 1, undefined, day);
        for (const r of readings.filter((x) => dayNumber(x.day) === day)) {
          const p = f.rate(day, r.minute);
          assert.ok(p >= 0 && p <= 1);
          ours += Math.abs(p - r.rate);
          naive += Math.abs(rateAt(history.days.get(day - 7), r.minute) - r.rate);
        }
      }
    assert.ok(ours < 0.9 * naive, `model ${ours} naive ${naive}`);
  });

  test('a site without history says nothing; a minute never read says nothing', () => {
    const model = trainModel([seriesOf(site(5, 21, 0))]);
    const empty = new SiteForecaster(model, seriesOf([]), dayNumber('2026-03-22'));
    assert.ok(Number.isNaN(empty.rate(dayNumber('2026-03-23'), 600)));
    const known = new SiteForecaster(model, seriesOf(site(5, 21, 0)), dayNumber('2026-03-22'));
    assert.ok(Number.isFinite(known.rate(dayNumber('2026-03-23'), 600)));
    assert.ok(Number.isNaN(known.rate(dayNumber('2026-03-23'), 3 * 60)));
  });
});
