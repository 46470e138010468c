/**
 * A request's timeline as staff read it: every event in words (never its code), who acted (the system as 系统,
 * never its internal label), the payload's details in lines, and repeated system events folded into one step
 * ("超期提醒 ×2"). Used by the detail and the print view.
 */
import type { TimelineEvent } from '../api/models';
import { i18n } from '../i18n';
import { departmentName } from '../stores/reference';
import { eventText, roleText, satisfactionText } from './dict';
import { fmtDateTime, pct } from './format';

export type TimelineStep = TimelineEvent & { label: string; count: number; lines: string[] };

const t = (key: string, args?: Record<string, unknown>) =>
  args ? i18n.global.t(key, args) : i18n.global.t(key);

/** Who acted: a member of staff by name and role; the system, an integration or a resident by role only. */
export function actorText(e: TimelineEvent): string {
  if (e.actor_role === 'system' || e.actor_role === 'api_key' || e.actor_role === 'resident')
    return roleText(e.actor_role);
  return `${e.actor}（${roleText(e.actor_role)}）`;
}

/** 答复模板 and 回复审核 on a reply's events: the automatic score, a template-only reply, the reviewer's words. */
function replyLines(p: Record<string, unknown>): string[] {
  const out: string[] = [];
  const check = p.check as { score?: number; failed?: string[] } | undefined;
  if (typeof check?.score === 'number') {
    const failed = (check.failed ?? []).map((c) => t(`replyReview.check.${c}`)).join('、');
    out.push(`${t('replyReview.score')}：${check.score}${failed ? `（${failed}）` : ''}`);
  }
  if (p.template_only === true) out.push(t('replyReview.templateOnly'));
  if (Array.isArray(p.reasons))
    out.push(
      `${t('replyReview.reasons')}：${p.reasons.map((r) => t(`replyReview.check.${String(r)}`)).join('、')}`,
    );
  if (typeof p.reviewer_note === 'string') out.push(`${t('replyReview.reviewerNote')}：${p.reviewer_note}`);
  return out;
}

/** 差评复核 on its events: the decision, the dispute it answers, the evidence; a dispute a new follow-up replaced. */
function disputeLines(e: TimelineEvent): string[] {
  const p = e.payload;
  const out: string[] = [];
  if (typeof p.decision === 'string')
    out.push(t('ratingDispute.decisionLine', { decision: t(`ratingDispute.decisionShort.${p.decision}`) }));
  if (typeof p.dispute_reason === 'string') out.push(`${t('ratingDispute.reason')}：${p.dispute_reason}`);
  if (Array.isArray(p.evidence_ids) && p.evidence_ids.length)
    out.push(`${t('ratingDispute.evidenceShort')}：${p.evidence_ids.length}`);
  if (p.superseded_dispute === true) out.push(t('ratingDispute.superseded'));
  return out;
}

/** The details of an event, one line each, in the current language. */
export function detailLines(e: TimelineEvent): string[] {
  const p = e.payload;
  const out: string[] = [];
  if (typeof p.text === 'string') out.push(p.text);
  if (typeof p.note === 'string' && p.note) out.push(p.note);
  if (typeof p.reason === 'string' && e.type === 'reply-held')
    out.push(`${t('replyReview.reason')}：${t(`replyReview.why.${p.reason}`)}`);
  else if (typeof p.reason === 'string' && e.type !== 'auto-close' && e.type !== 'deadlines-recounted')
    out.push(p.reason);
  out.push(...replyLines(p), ...disputeLines(e));
  if (e.type === 'overdue' && typeof p.deadline === 'string')
    out.push(eventText(p.deadline === 'sign' ? 'sign_overdue' : 'reply_overdue'));
  if (e.type === 'deadlines-recounted' && p.changes && typeof p.changes === 'object') {
    const labels: Record<string, string> = {
      sign_by: t('field.signBy'),
      contact_by: t('field.contactBy'),
      reply_by: t('field.replyBy'),
    };
    for (const [k, c] of Object.entries(p.changes as Record<string, { from: string; to: string }>))
      out.push(`${labels[k] ?? k}：${fmtDateTime(c.from)} → ${fmtDateTime(c.to)}`);
    if (typeof p.source === 'string') out.push(p.source);
  }
  if (typeof p.department_code === 'string')
    out.push(`${t('field.department')}：${departmentName(p.department_code)}`);
  const coDepartments = p.co_department_codes ?? p.department_codes;
  if (Array.isArray(coDepartments) && coDepartments.length)
    out.push(
      t('coHandling.lines', { names: coDepartments.map((c) => departmentName(String(c))).join('、') }),
    );
  if (typeof p.from_department_code === 'string')
    out.push(`${t('field.department')}：${departmentName(p.from_department_code)}`);
  if (typeof p.working_days === 'number') out.push(`${t('field.workingDays')}：${p.working_days}`);
  if (typeof p.reply_by === 'string') out.push(`${t('field.replyBy')}：${fmtDateTime(p.reply_by)}`);
  if (p.granted_while_overdue === true)
    out.push(
      t('lifecycle.overdueExtension', {
        days: p.overdue_days,
        deadline: typeof p.missed_reply_by === 'string' ? fmtDateTime(p.missed_reply_by) : '—',
      }),
    );
  if (typeof p.satisfaction === 'string')
    out.push(
      `${p.resolved ? t('resident.resolvedYes') : t('resident.resolvedNo')} · ${satisfactionText(p.satisfaction)}`,
    );
  if (typeof p.into_ticket_no === 'string') out.push(`${t('field.intoTicket')}：${p.into_ticket_no}`);
  if (e.type === 'chase' && typeof p.count === 'number') out.push(t('lifecycle.chaseCount', { n: p.count }));
  if ((p.by === 'reporter' || p.by === 'operator') && e.type !== 'follow-up')
    out.push(t(`lifecycle.by.${p.by}`));
  // How sure the classifier was is a detail of an automatic dispatch; its model's code is not for people.
  if (e.type === 'auto-dispatch' && typeof p.confidence === 'number')
    out.push(t('lifecycle.confidence', { confidence: pct(p.confidence, 0) }));
  return out;
}

/**
 * The timeline in order, each event with its words; consecutive events of one type taken by the system (the
 * sweep's two overdue alerts of one run) folded into one step that counts them and keeps their details.
 */
export function timelineSteps(events: readonly TimelineEvent[] | undefined): TimelineStep[] {
  const steps: TimelineStep[] = [];
  for (const e of events ?? []) {
    const prev = steps[steps.length - 1];
    const lines = detailLines(e);
    if (prev && e.actor_role === 'system' && prev.actor_role === 'system' && prev.type === e.type) {
      prev.count++;
      for (const line of lines) if (!prev.lines.includes(line)) prev.lines.push(line);
      continue;
    }
    steps.push({ ...e, label: eventText(e.type), count: 1, lines });
  }
  return steps;
}

/** A step's title: its event in words, "×n" when folded. */
export const stepTitle = (s: TimelineStep) =>
  s.count > 1 ? t('lifecycle.folded', { label: s.label, n: s.count }) : s.label;
