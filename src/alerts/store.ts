/**
 * Alerts for a jurisdiction's admins (0010_calendar.sql): something the system cannot fix by itself, such as a
 * year of the working-day calendar nobody has entered. One alert per key: raising an open one again changes
 * nothing; raising a resolved one opens it again.
 */
import { dbOf, updateInJurisdiction, type Db, type DbSource } from '../db/source.js';

export type AlertInput = {
  jurisdictionId: string;
  key: string;
  kind: string;
  message: string;
  messageEn: string;
  details?: Record<string, unknown>;
  at: Date;
};

/** True when the alert is new (or open again). */
export async function raiseAlert(db: Db, a: AlertInput): Promise<boolean> {
  const res = await db
    .insertInto('admin_alerts')
    .values({
      jurisdiction_id: a.jurisdictionId,
      key: a.key,
      kind: a.kind,
      message: a.message,
      message_en: a.messageEn,
      details: JSON.stringify(a.details ?? {}),
      raised_at: a.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['jurisdiction_id', 'key'])
        .doUpdateSet({ resolved_at: null, raised_at: a.at })
        .where('admin_alerts.resolved_at', 'is not', null),
    )
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function resolveAlert(db: Db, jurisdictionId: string, key: string, at: Date): Promise<void> {
  await updateInJurisdiction(db, 'admin_alerts', jurisdictionId)
    .set({ resolved_at: at })
    .where('key', '=', key)
    .where('resolved_at', 'is', null)
    .execute();
}

export async function openAlerts(source: DbSource, jurisdictionId: string) {
  return dbOf(source)
    .selectFrom('admin_alerts')
    .select(['key', 'kind', 'message', 'message_en', 'details', 'raised_at'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('resolved_at', 'is', null)
    .orderBy('raised_at', 'desc')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, raised_at: new Date(r.raised_at as unknown as string) })));
}
