/**
 * `banshi parking forecast`'s work (pure): history rows `SystemCodeNumber,Capacity,Occupancy,LastUpdated`
 * (occupied spaces, local time `YYYY-MM-DD HH:MM:SS`), target rows `SystemCodeNumber,Capacity,LastUpdated`, and
 * out one row `SystemCodeNumber,LastUpdated,Occupancy` (predicted vehicles) per target, in the targets' order.
 * Only the history given is used: the model learns from all of it (each day from the days before it), and each
 * target is forecast from the days before its own. A site or a time of day the history never saw gets the
 * site's, else every site's, usual rate at that time.
 */
import { parse } from 'csv-parse/sync';
import { SiteForecaster, trainModel } from './model.js';
import { dayNumber, SLOT_MINUTES, SLOTS, seriesOf, type Reading, type SiteSeries } from './series.js';

type Row = Record<string, string>;

function rowsOf(text: string, required: readonly string[], what: string): Row[] {
  const rows = parse(text, { bom: true, columns: true, skip_empty_lines: true, trim: true }) as Row[];
  const missing = rows.length ? required.filter((c) => !(c in rows[0]!)) : [];
  if (missing.length) throw new Error(`${what}: missing column ${missing.join(', ')}`);
  return rows;
}

const TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/;

function when(stamp: string, what: string): { day: string; minute: number } {
  const m = TIME.exec(stamp);
  if (!m) throw new Error(`${what}: "${stamp}" is not YYYY-MM-DD HH:MM:SS`);
  return { day: m[1]!, minute: Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) / 60 };
}

/** The mean rate by half-hour slot over readings (NaN where none). */
function profile(readings: readonly Reading[]): Float64Array {
  const sum = new Float64Array(SLOTS);
  const n = new Float64Array(SLOTS);
  for (const r of readings) {
    const k = Math.min(SLOTS - 1, Math.round(r.minute / SLOT_MINUTES));
    sum[k] = sum[k]! + r.rate;
    n[k] = n[k]! + 1;
  }
  return sum.map((s, k) => (n[k] ? s / n[k]! : NaN));
}

const nearest = (p: Float64Array, minute: number) => {
  const k = Math.min(SLOTS - 1, Math.round(minute / SLOT_MINUTES));
  for (let d = 0; d < SLOTS; d++)
    for (const i of [k - d, k + d]) if (i >= 0 && i < SLOTS && Number.isFinite(p[i]!)) return p[i]!;
  return NaN;
};

const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function forecastCsv(historyText: string, targetsText: string): string {
  const history = rowsOf(
    historyText,
    ['SystemCodeNumber', 'Capacity', 'Occupancy', 'LastUpdated'],
    'history',
  );
  const targets = rowsOf(targetsText, ['SystemCodeNumber', 'Capacity', 'LastUpdated'], 'targets');
  const bySite = new Map<string, Reading[]>();
  for (const r of history) {
    const capacity = Number(r.Capacity);
    const occupancy = Number(r.Occupancy);
    if (!(capacity > 0) || !Number.isFinite(occupancy)) continue;
    let list = bySite.get(r.SystemCodeNumber!);
    if (!list) bySite.set(r.SystemCodeNumber!, (list = []));
    list.push({ ...when(r.LastUpdated!, 'history'), rate: occupancy / capacity });
  }
  const series = new Map<string, SiteSeries>([...bySite].map(([site, list]) => [site, seriesOf(list)]));
  const model = trainModel([...series.values()]);
  const everywhere = profile([...bySite.values()].flat());
  const forecasters = new Map<string, SiteForecaster>();
  const lines = ['SystemCodeNumber,LastUpdated,Occupancy'];
  for (const t of targets) {
    const site = t.SystemCodeNumber!;
    const { day, minute } = when(t.LastUpdated!, 'targets');
    const capacity = Number(t.Capacity);
    const s = series.get(site);
    let rate = NaN;
    if (s) {
      let f = forecasters.get(site);
      if (!f) forecasters.set(site, (f = new SiteForecaster(model, s, s.last, undefined, s.last + 60)));
      rate = f.rate(dayNumber(day), minute);
      if (!Number.isFinite(rate)) rate = nearest(profile(bySite.get(site)!), minute);
    }
    if (!Number.isFinite(rate)) rate = nearest(everywhere, minute);
    if (!Number.isFinite(rate)) rate = 0.5;
    const occupancy = Number.isFinite(capacity) ? Math.round(rate * capacity) : 0;
    lines.push(`${csvField(site)},${csvField(t.LastUpdated!)},${occupancy}`);
  }
  return `${lines.join('\n')}\n`;
}
