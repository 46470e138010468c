/**
 * Day-ahead occupancy forecasts on the real Birmingham car-park series (../shared/data/parking/birmingham.csv,
 * 30 sites, 2016): a time split of the training file — every day of the last TEST_DAYS days forecast from the
 * readings before it, through the same function as `banshi parking forecast` (the model retrained on that history
 * alone) — against the seasonal-naive forecast (the same site, the same time of day, one week earlier). Prints the
 * MAE of the occupancy rate of both, on the readings both can forecast, and the model's gain over it (target: at
 * least 15 % below seasonal-naive).
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { forecastCsv } from '../src/parking/forecast/csv-forecast.js';
import { dayNumber, dayString, rateAt, seriesOf, type Reading } from '../src/parking/forecast/series.js';

const FILE =
  process.env.BANSHI_PARKING_DATA ??
  new URL('../../shared/data/parking/birmingham.csv', import.meta.url).pathname;
const TEST_DAYS = Number(process.env.TEST_DAYS ?? 14);

type Row = { SystemCodeNumber: string; Capacity: string; Occupancy: string; LastUpdated: string };
const rows = parse(fs.readFileSync(FILE, 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
const dayOf = (r: Row) => r.LastUpdated.slice(0, 10);
const minuteOf = (r: Row) => {
  const [h, m, s] = r.LastUpdated.slice(11).split(':').map(Number);
  return h! * 60 + m! + (s ?? 0) / 60;
};
const header = 'SystemCodeNumber,Capacity,Occupancy,LastUpdated';
const line = (r: Row) => `${r.SystemCodeNumber},${r.Capacity},${r.Occupancy},${r.LastUpdated}`;

const days = [...new Set(rows.map(dayOf))].sort();
const last = dayNumber(days.at(-1)!);
const testDays = days.filter((d) => dayNumber(d) > last - TEST_DAYS);

/** The seasonal-naive rate: the site's readings a week before, interpolated at the same minute. */
const bySite = new Map<string, Reading[]>();
for (const r of rows) {
  let list = bySite.get(r.SystemCodeNumber);
  if (!list) bySite.set(r.SystemCodeNumber, (list = []));
  list.push({ day: dayOf(r), minute: minuteOf(r), rate: Number(r.Occupancy) / Number(r.Capacity) });
}
const naiveSeries = new Map([...bySite].map(([site, list]) => [site, seriesOf(list)]));
function seasonalNaive(r: Row): number {
  const s = naiveSeries.get(r.SystemCodeNumber)!;
  return rateAt(s.days.get(dayNumber(dayOf(r)) - 7), minuteOf(r));
}

let n = 0;
let modelError = 0;
let naiveError = 0;
let trainMs = 0;
const perDay: string[] = [];
for (const day of testDays) {
  const history = rows.filter((r) => dayOf(r) < day);
  const targets = rows.filter((r) => dayOf(r) === day);
  const started = performance.now();
  const out = forecastCsv(
    [header, ...history.map(line)].join('\n'),
    [
      'SystemCodeNumber,Capacity,LastUpdated',
      ...targets.map((r) => `${r.SystemCodeNumber},${r.Capacity},${r.LastUpdated}`),
    ].join('\n'),
  )
    .trim()
    .split('\n')
    .slice(1);
  trainMs += performance.now() - started;
  let dayN = 0;
  let dayModel = 0;
  let dayNaive = 0;
  targets.forEach((r, i) => {
    const naive = seasonalNaive(r);
    if (!Number.isFinite(naive)) return;
    const capacity = Number(r.Capacity);
    const actual = Number(r.Occupancy) / capacity;
    const predicted = Number(out[i]!.split(',').at(-1)) / capacity;
    dayN++;
    dayModel += Math.abs(predicted - actual);
    dayNaive += Math.abs(naive - actual);
  });
  n += dayN;
  modelError += dayModel;
  naiveError += dayNaive;
  perDay.push(
    `  ${day} (${'日一二三四五六'[new Date(`${day}T00:00:00Z`).getUTCDay()]}) ${String(dayN).padStart(4)} readings` +
      `  model ${(dayModel / dayN).toFixed(4)}  seasonal-naive ${(dayNaive / dayN).toFixed(4)}`,
  );
}

console.log(
  `Birmingham car parks: ${rows.length} readings, ${bySite.size} sites, ${days[0]} … ${days.at(-1)}`,
);
console.log(
  `time split: train on the days before each test day, test days ${testDays[0]} … ${testDays.at(-1)} ` +
    `(${testDays.length} days with data of the last ${TEST_DAYS}; ${dayString(last - TEST_DAYS + 1)} on)`,
);
console.log(perDay.join('\n'));
const model = modelError / n;
const naive = naiveError / n;
const gain = 1 - model / naive;
console.log(`day-ahead MAE of the occupancy rate over ${n} readings both forecast:`);
console.log(`  seasonal-naive (same site, same time, one week earlier): ${naive.toFixed(4)}`);
console.log(`  banshi parking forecast (retrained each day):            ${model.toFixed(4)}`);
console.log(
  `  gain: ${(gain * 100).toFixed(1)} % below seasonal-naive (target ≥ 15 %: ${gain >= 0.15 ? 'met' : 'NOT met'})`,
);
console.log(`  model time: ${(trainMs / testDays.length / 1000).toFixed(2)} s per day (train + forecast)`);
