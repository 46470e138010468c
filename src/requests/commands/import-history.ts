/**
 * 历史工单导入: past requests from another 12345 system (JSON lines, CSV or xlsx with the same names), each
 * checked (its fields, its references, its lifecycle: ../import/lifecycle.ts), then written in batches through
 * the write path (../write/insert-imported.ts). A bad row is reported with its line and reasons and not
 * imported; every other row is imported whole or not at all; a row whose source ticket number is already stored
 * is skipped, so a re-run imports nothing twice. Open requests are left untriaged: the worker's triage takes
 * them (classification, duplicates) as it takes any registration it has not seen.
 */
import type { AppContext } from '../../context.js';
import type { Actor } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { mayImportRequests } from '../../http/policies.js';
import { tableMatrix, looksLikeXlsx } from '../../http/table-file.js';
import { maskName, maskPhone } from '../../privacy/mask.js';
import { canonicalPhone } from '../../privacy/phone.js';
import { areaLocator } from '../../routing/areas.js';
import { listSlaProfiles } from '../../routing/queries.js';
import { referenceCache } from '../../routing/reference-cache.js';
import { normalise } from '../../text/normalise.js';
import { localDate } from '../deadlines.js';
import { rebuildLifecycle, type ImportEnv } from '../import/lifecycle.js';
import { ImportRecord } from '../import/record.js';
import { writeImportedBatch, type ImportedRequest } from '../write/insert-imported.js';

export type ImportFormat = 'jsonl' | 'csv' | 'xlsx';
export type ProgressSink = { start(total: number): void; update(done: number): void; stop(): void };
export type HistoryImportReport = {
  rows: number;
  imported: number;
  skipped: number;
  rejected: number;
  errors: { line: number; source_ticket_no: string | null; reasons: string[] }[];
};

const BATCH = 1_000;
/** At most this many bad rows are listed; the count of rejected rows is always whole. */
const LISTED_ERRORS = 1_000;

type Line = { line: number; value: unknown } | { line: number; error: string };

function jsonLines(text: string): Line[] {
  const out: Line[] = [];
  text.split('\n').forEach((raw, i) => {
    const s = raw.trim();
    if (!s) return;
    try {
      out.push({ line: i + 1, value: JSON.parse(s) });
    } catch {
      out.push({ line: i + 1, error: '不是有效的 JSON' });
    }
  });
  return out;
}

const BOOLEAN: Record<string, boolean> = {
  true: true,
  false: false,
  是: true,
  否: false,
  '1': true,
  '0': false,
};

/** A table row as the record it names: the same field names, reporter_name/reporter_phone, events as JSON text. */
function recordOfCells(header: string[], cells: string[]): unknown {
  const o: Record<string, unknown> = {};
  const reporter: Record<string, string> = {};
  header.forEach((h, j) => {
    const v = (cells[j] ?? '').trim();
    if (v === '') return;
    if (h === 'reporter_name' || h === 'reporter_phone') reporter[h.slice(9)] = v;
    else if (h === 'events') o.events = JSON.parse(v);
    else if (h === 'urgent') o.urgent = BOOLEAN[v] ?? v;
    else if (h === 'lat' || h === 'lon') o[h] = Number(v);
    else o[h] = v;
  });
  if (Object.keys(reporter).length) o.reporter = reporter;
  return o;
}

async function readLines(file: Buffer, format: ImportFormat | undefined): Promise<Line[]> {
  const f =
    format ??
    (looksLikeXlsx(file) ? 'xlsx' : /^\s*\{/.test(file.subarray(0, 64).toString()) ? 'jsonl' : 'csv');
  if (f === 'jsonl') return jsonLines(file.toString('utf8'));
  const read = await tableMatrix(file, f);
  if ('error' in read)
    throw new AppError('validation_failed', { issues: [{ path: 'file', message: read.error }] });
  const [header = [], ...body] = read.matrix;
  const names = header.map((h) => h.trim());
  const out: Line[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    try {
      out.push({ line: i + 2, value: recordOfCells(names, cells) });
    } catch {
      out.push({ line: i + 2, error: 'events 列不是有效的 JSON' });
    }
  });
  return out;
}

async function importEnv(ctx: AppContext, j: string): Promise<ImportEnv> {
  const ref = await referenceCache(ctx.db).get(j);
  const profiles = new Map((await listSlaProfiles(ctx.db, j)).map((p) => [p.code, p]));
  const categories = await ctx.db
    .selectFrom('categories')
    .select(['code', 'sla_profile_code'])
    .where('jurisdiction_id', '=', j)
    .execute();
  const profileCode = new Map(categories.map((c) => [c.code, c.sla_profile_code]));
  const ordinary = profiles.get('ordinary') ?? [...profiles.values()][0];
  if (!ordinary) throw new AppError('conflict', { reason: 'the jurisdiction has no SLA profile' });
  return {
    now: ctx.now(),
    tz: ref.timezone,
    calendar: ref.calendar,
    profileOf: (c) => profiles.get(profileCode.get(c ?? '') ?? 'ordinary') ?? ordinary,
    departments: new Set(ref.departments.keys()),
    areas: new Set(ref.areas.keys()),
    categories: ref.categories,
  };
}

export async function importHistory(
  ctx: AppContext,
  opts: {
    actor: Actor;
    file: Buffer;
    format?: ImportFormat | undefined;
    dryRun?: boolean;
    progress?: ProgressSink;
  },
): Promise<HistoryImportReport> {
  const { actor } = opts;
  if (!mayImportRequests(actor)) throw new AppError('forbidden');
  const j = actor.jurisdictionId;
  const lines = await readLines(opts.file, opts.format);
  const env = await importEnv(ctx, j);
  const locate = await areaLocator(ctx.db, j);
  const report: HistoryImportReport = {
    rows: lines.length,
    imported: 0,
    skipped: 0,
    rejected: 0,
    errors: [],
  };
  const reject = (line: number, ticket: string | null, reasons: string[]) => {
    report.rejected++;
    if (report.errors.length < LISTED_ERRORS) report.errors.push({ line, source_ticket_no: ticket, reasons });
  };
  const seen = new Set<string>();
  const good: ImportedRequest[] = [];
  for (const l of lines) {
    if ('error' in l) {
      reject(l.line, null, [l.error]);
      continue;
    }
    const parsed = ImportRecord.safeParse(l.value);
    const ticket = (l.value as { source_ticket_no?: unknown })?.source_ticket_no;
    const ticketNo = typeof ticket === 'string' ? ticket : null;
    if (!parsed.success) {
      reject(
        l.line,
        ticketNo,
        parsed.error.issues.map((i) => `${i.path.join('.') || '行'}：${i.message}`),
      );
      continue;
    }
    const r = parsed.data;
    const reasons: string[] = [];
    if (seen.has(r.source_ticket_no)) reasons.push(`工单号 ${r.source_ticket_no} 在文件中重复`);
    seen.add(r.source_ticket_no);
    const phone = r.reporter?.phone ? canonicalPhone(r.reporter.phone) : null;
    if (r.reporter?.phone && !phone) reasons.push(`reporter.phone ${r.reporter.phone} 不是有效的电话号码`);
    const rebuilt = rebuildLifecycle(r, env);
    if ('reasons' in rebuilt) reasons.push(...rebuilt.reasons);
    if (reasons.length || 'reasons' in rebuilt) {
      reject(l.line, r.source_ticket_no, reasons);
      continue;
    }
    const name = r.reporter?.name?.trim() || null;
    const area =
      r.area_code ??
      (r.lat !== undefined && r.lon !== undefined ? (locate(r.lon, r.lat)?.code ?? null) : null);
    good.push({
      row: {
        jurisdiction_id: j,
        source_ticket_no: r.source_ticket_no,
        channel: r.channel ?? 'hotline',
        type: r.type ?? '求助',
        title: r.title,
        title_norm: normalise(r.title),
        body: r.body,
        body_norm: normalise(r.body),
        lat: r.lat ?? null,
        lon: r.lon ?? null,
        address: r.address ?? null,
        area_code: area,
        category_code: r.category_code ?? null,
        urgent: r.urgent ?? false,
        reporter_name_enc: name ? ctx.vault.encrypt(name) : null,
        reporter_name_mask: name ? maskName(name) : null,
        reporter_phone_enc: phone ? ctx.vault.encrypt(phone) : null,
        reporter_phone_hash: phone ? ctx.vault.hash(phone) : null,
        reporter_phone_mask: phone ? maskPhone(phone) : null,
        created_at: r.created_at,
        ...rebuilt.lifecycle,
      },
      ticketPrefix: localDate(r.created_at, env.tz).replaceAll('-', ''),
      events: rebuilt.events,
      actorLabel: actor.label,
    });
  }
  if (opts.dryRun) return report;
  opts.progress?.start(good.length);
  for (let i = 0; i < good.length; i += BATCH) {
    const batch = good.slice(i, i + BATCH);
    const written = await writeImportedBatch(ctx.db, batch);
    report.imported += written;
    report.skipped += batch.length - written;
    opts.progress?.update(Math.min(good.length, i + BATCH));
  }
  opts.progress?.stop();
  return report;
}
