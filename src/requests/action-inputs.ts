import { z } from 'zod';
import { SEND_BACK_REASONS } from './review/checks.js';
import { DISPUTE_DECISIONS, type Action } from './workflow.js';

/** 差评复核: at most this many evidence files back a dispute. */
export const MAX_DISPUTE_EVIDENCE = 5;

const text = (max: number) => z.string().trim().min(1).max(max);
/** 吹哨报到: co-handling departments (协办), by code. */
const coDepartments = z.array(z.string().min(1)).max(10);

/** The fields each action takes, besides `expected_version`. */
export const ACTION_INPUTS = {
  /** article_id: the 知识库 article the answer came from (知识库直办率). */
  'answer-directly': z.object({ text: text(4000), article_id: z.number().int().positive().optional() }),
  dispatch: z.object({
    department_code: z.string().min(1),
    area_code: z.string().min(1).optional(),
    category_code: z.string().min(1).optional(),
    note: text(2000).optional(),
    co_department_codes: coDepartments.optional(),
  }),
  sign: z.object({}),
  contact: z.object({ note: text(2000) }),
  'add-note': z.object({ note: text(2000) }),
  return: z.object({ reason: text(2000) }),
  'request-extension': z.object({ working_days: z.number().int().min(1).max(60), reason: text(2000) }),
  'approve-extension': z.object({}),
  'refuse-extension': z.object({ reason: text(2000) }),
  /** template_id: the reply template (答复模板) the text started from. */
  reply: z.object({ text: text(4000), template_id: z.number().int().positive().optional() }),
  'approve-reply': z.object({ note: text(2000).optional() }),
  'send-back-reply': z.object({
    reasons: z.array(z.enum(SEND_BACK_REASONS)).min(1).max(SEND_BACK_REASONS.length),
    note: text(2000),
  }),
  'follow-up': z.object({
    resolved: z.boolean(),
    satisfaction: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']),
    note: text(2000).optional(),
  }),
  close: z.object({}),
  'auto-close': z.object({}),
  'auto-dispatch': z.object({
    department_code: z.string().min(1),
    category_code: z.string().min(1).optional(),
    confidence: z.number().min(0).max(1),
    model: z.string().min(1),
  }),
  reopen: z.object({ reason: text(2000) }),
  supervise: z.object({ note: text(2000) }),
  merge: z.object({ into_id: z.number().int().positive() }),
  'reveal-contact': z.object({}),
  void: z.object({ reason: text(2000) }),
  withdraw: z.object({ reason: text(2000) }),
  chase: z.object({ note: text(2000).optional() }),
  'add-info': z.object({ text: text(4000) }),
  /** 差评复核: why the rating is unfair, and the evidence files uploaded to the request (POST …/evidence). */
  'dispute-rating': z.object({
    reason: text(2000),
    evidence_ids: z.array(z.number().int().positive()).max(MAX_DISPUTE_EVIDENCE).default([]),
  }),
  'decide-dispute': z.object({ decision: z.enum(DISPUTE_DECISIONS), reason: text(2000) }),
  whistle: z.object({ department_codes: coDepartments.min(1), note: text(2000).optional() }),
  'co-sign': z.object({}),
  /** attachment_ids: photos of the request (uploaded through its attachments) that belong to the part. */
  'co-submit': z.object({
    note: text(4000),
    attachment_ids: z.array(z.number().int().positive()).max(3).optional(),
  }),
  'release-co-handler': z.object({ department_code: z.string().min(1), reason: text(2000) }),
} satisfies Record<Action, z.ZodType>;

export type ActionInput<A extends Action> = z.output<(typeof ACTION_INPUTS)[A]>;
