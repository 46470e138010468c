/**
 * The statutory holidays and 调休 make-up working days shipped by the chinese-days package (the State Council's
 * yearly notices, as far as the installed release carries them), read once from its data file.
 */
import { createRequire } from 'node:module';
import type { DayEntry } from './working-calendar.js';

type PackageData = { holidays: Record<string, string>; workdays: Record<string, string> };

const require = createRequire(import.meta.url);

/** An entry's value is "English name,中文名,days", e.g. "Spring Festival,春节,4". */
function entries(map: Record<string, string>, working: boolean): DayEntry[] {
  return Object.entries(map).map(([date, value]) => ({
    date,
    working,
    name: value.split(',')[1] ?? value,
  }));
}

let cached: DayEntry[] | undefined;

/** Every day the package declares, holidays and make-up working days. */
export function packageDays(): readonly DayEntry[] {
  if (!cached) {
    const data = require('chinese-days/dist/chinese-days.json') as PackageData;
    cached = [...entries(data.holidays, false), ...entries(data.workdays, true)];
  }
  return cached;
}
