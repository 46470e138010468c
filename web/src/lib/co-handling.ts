/**
 * 吹哨报到 in the action dialog: the fields of the co-handling actions (and the co-departments of a dispatch),
 * and the body each action sends (src/requests/action-inputs.ts).
 */
import type { Action, CoHandler, RequestItem } from '../api/models';
import { i18n } from '../i18n';
import { requiredText } from './use-submit';

export const CO_ACTIONS: readonly Action[] = ['whistle', 'co-sign', 'co-submit', 'release-co-handler'];

export type CoFields = {
  /** dispatch, whistle: the co-departments asked for. */
  departments: string[];
  /** whistle (optional), co-submit: the words. */
  note: string;
  /** co-submit: the request's photos that belong to the part. */
  photos: number[];
  /** release-co-handler: which co-department, and why. */
  department: string;
  reason: string;
};

export const emptyCoFields = (): CoFields => ({
  departments: [],
  note: '',
  photos: [],
  department: '',
  reason: '',
});

/** The co-handlers of a request read with its timeline (a list's row has none). */
export const coHandlersOf = (r: RequestItem | null): CoHandler[] =>
  (r as { co_handlers?: CoHandler[] } | null)?.co_handlers ?? [];

/** The co-departments whose part the lead still waits for: the ones the centre may release. */
export const awaitedCoHandlers = (r: RequestItem | null) =>
  coHandlersOf(r).filter((c) => c.state === 'awaiting_sign' || c.state === 'signed');

const t = (key: string) => i18n.global.t(key);

/** The body of a co-handling action, or the sentence saying what is missing. */
export function coActionInput(a: Action, f: CoFields): Record<string, unknown> | string {
  if (a === 'whistle') {
    if (!f.departments.length) return requiredText(t('coHandling.departments'));
    return { department_codes: f.departments, ...(f.note.trim() ? { note: f.note.trim() } : {}) };
  }
  if (a === 'co-submit') {
    if (!f.note.trim()) return requiredText(t('coHandling.part'));
    return { note: f.note.trim(), ...(f.photos.length ? { attachment_ids: f.photos } : {}) };
  }
  if (a === 'release-co-handler') {
    if (!f.department) return requiredText(t('coHandling.department'));
    if (!f.reason.trim()) return requiredText(t('field.reason'));
    return { department_code: f.department, reason: f.reason.trim() };
  }
  return {};
}

/** The co-departments a dispatch names, if any. */
export const dispatchCoDepartments = (f: CoFields) =>
  f.departments.length ? { co_department_codes: f.departments } : {};
