/** An entry in any of the three formats (pure). */
import { parseCsv, parseIcal } from './file-input.js';
import { parseNoticeText } from './notice-text.js';
import type { ParsedSchedule } from './schedule-input.js';

export const INPUT_FORMATS = ['notice', 'ical', 'csv'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export function parseScheduleInput(format: InputFormat, text: string, year: number): ParsedSchedule {
  if (format === 'ical') return parseIcal(text, year);
  if (format === 'csv') return parseCsv(text, year);
  return parseNoticeText(text, year);
}
