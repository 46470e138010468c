/**
 * Sample citizens' messages and departments' replies from the TipDM CSVs, scrubbed of user ids and sampled
 * with a fixed seed: the same ones on every run.
 */
import { join } from 'node:path';
import { check } from './checks.js';
import { readCsvObjects } from './csv.js';
import { mulberry32, sampleIndices } from './random.js';

const SEED = 20200712;
const MESSAGE_COUNT = 400;
const REPLY_COUNT = 60;

/** A sample, with what it was drawn from and how many user ids were scrubbed from it. */
export type Sample<T> = { items: T[]; eligible: number; rows: number; scrubbed: number };

export type DemoMessage = { title: string; body: string; likes: number };
export type DemoReply = { reply: string };

function cleanText(s: string): { text: string; scrubbed: number } {
  let scrubbed = 0;
  let t = s.replace(/\r\n?/g, '\n').trim();
  // anonymised user ids (A00045581, UU0081548 …) — drop them, they are user identifiers
  t = t.replace(/网友\s*[“"]?[A-Z]{1,2}\d{5,}[”"]?/g, () => {
    scrubbed++;
    return '网友';
  });
  t = t.replace(/[“"]?\b[A-Z]{1,2}\d{6,}\b[”"]?/g, () => {
    scrubbed++;
    return '某用户';
  });
  return { text: t, scrubbed };
}

const PHONE = /(?:\d{3,4}[-－—])?\d{7,8}|1[3-9]\d{9}/;

export function sampleMessages(tipdmDir: string): Sample<DemoMessage> {
  const msgRows = readCsvObjects(join(tipdmDir, 'messages_likes.csv'));
  let scrubbedIds = 0;
  const seenMsg = new Set<string>();
  const eligibleMsgs: { title: string; body: string; likes: number; scrubbed: number }[] = [];
  for (const r of msgRows) {
    const title = cleanText(r.title ?? '');
    const body = cleanText(r.body ?? '');
    if (body.text.length < 10 || body.text.length > 1500 || title.text.length === 0) continue;
    const key = `${title.text}\u0000${body.text}`;
    if (seenMsg.has(key)) continue;
    seenMsg.add(key);
    const likes = Number.parseInt(r.likes ?? '0', 10);
    eligibleMsgs.push({
      title: title.text,
      body: body.text,
      likes: Number.isFinite(likes) ? likes : 0,
      scrubbed: title.scrubbed + body.scrubbed,
    });
  }
  const messages = sampleIndices(eligibleMsgs.length, MESSAGE_COUNT, mulberry32(SEED)).map((i) => {
    const { title, body, likes, scrubbed } = eligibleMsgs[i]!;
    scrubbedIds += scrubbed;
    return { title, body, likes };
  });
  check(messages.length === MESSAGE_COUNT, `only ${messages.length} messages sampled`);
  return { items: messages, eligible: eligibleMsgs.length, rows: msgRows.length, scrubbed: scrubbedIds };
}

/** Replies long enough to read as one, without a phone number. */
export function sampleReplies(tipdmDir: string): Sample<DemoReply> {
  const replyRows = readCsvObjects(join(tipdmDir, 'replies.csv'));
  check('reply' in (replyRows[0] ?? {}), 'replies.csv has no `reply` column');
  const seenReply = new Set<string>();
  const eligibleReplies: { reply: string; scrubbed: number }[] = [];
  let replyScrubbed = 0;
  for (const r of replyRows) {
    const c = cleanText(r.reply ?? '');
    if (c.text.length < 40 || c.text.length > 1500 || PHONE.test(c.text) || seenReply.has(c.text)) continue;
    seenReply.add(c.text);
    eligibleReplies.push({ reply: c.text, scrubbed: c.scrubbed });
  }
  const replies = sampleIndices(eligibleReplies.length, REPLY_COUNT, mulberry32(SEED + 1)).map((i) => {
    replyScrubbed += eligibleReplies[i]!.scrubbed;
    return { reply: eligibleReplies[i]!.reply };
  });
  check(replies.length === REPLY_COUNT, `only ${replies.length} replies sampled`);
  return {
    items: replies,
    eligible: eligibleReplies.length,
    rows: replyRows.length,
    scrubbed: replyScrubbed,
  };
}
