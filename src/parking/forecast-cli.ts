/**
 * `banshi parking forecast --history FILE.csv < TARGETS.csv > FORECAST.csv`: occupancy forecasts for the
 * targets from the history given and nothing else — no database, no configuration, only the model.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { forecastCsv } from './forecast/csv-forecast.js';

export const FORECAST_USAGE = `banshi parking forecast --history FILE.csv < TARGETS.csv > FORECAST.csv
  history: SystemCodeNumber,Capacity,Occupancy,LastUpdated (occupied spaces, local time YYYY-MM-DD HH:MM:SS)
  targets: SystemCodeNumber,Capacity,LastUpdated
  out:     SystemCodeNumber,LastUpdated,Occupancy (predicted vehicles), one row per target, in their order`;

export async function parkingForecastCli(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { history: { type: 'string' } } });
  if (!values.history) throw new Error(FORECAST_USAGE);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  process.stdout.write(
    forecastCsv(fs.readFileSync(values.history, 'utf8'), Buffer.concat(chunks).toString('utf8')),
  );
}
