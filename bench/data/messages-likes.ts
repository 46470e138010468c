/** messages_likes.csv (citizen messages with likes) for the text benchmarks; never needed by the product. */
import fs from 'node:fs';
import { readCsvObjects } from '../../src/text/csv.js';

export const TIPDM_DIR =
  process.env.BANSHI_TIPDM_DIR ?? new URL('../../../shared/data/tipdm', import.meta.url).pathname;

export type LikedMessage = {
  id: number;
  user: string;
  title: string;
  body: string;
  time: Date;
  likes: number;
};

/** "2019/2/28 11:25:05", or an Excel serial day number ("43856.82") that some rows carry instead. */
export function parseTime(raw: string): Date {
  const t = raw.trim();
  if (/^\d+(\.\d+)?$/.test(t))
    return new Date(Date.UTC(1899, 11, 30) + Number(t) * 86_400_000 - 8 * 3_600_000);
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(t);
  if (!m) throw new Error(`unparseable time ${raw}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return new Date(Date.UTC(+y!, +mo! - 1, +d!, +h - 8, +mi, +s));
}

export function readLikedMessages(): LikedMessage[] {
  const text = fs.readFileSync(`${TIPDM_DIR}/messages_likes.csv`, 'utf8');
  return readCsvObjects(text).map((r) => ({
    id: Number(r.id),
    user: r.user ?? '',
    title: r.title ?? '',
    body: r.body ?? '',
    time: parseTime(r.time ?? ''),
    likes: Number(r.likes) || 0,
  }));
}
