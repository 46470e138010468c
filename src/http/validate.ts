import type { z } from 'zod';
import { PHONE_PROBLEMS, type PhoneProblem } from '../privacy/phone.js';
import { AppError, ERRORS } from './errors.js';

/**
 * What the web needs to say what is wrong with a field in a sentence of its own language: the field's path, a
 * machine code and the figures the sentence names; `message` is the validator's own English, for logs.
 */
export type IssueCode =
  | 'required'
  | 'too_small'
  | 'too_big'
  | 'invalid_format'
  | 'invalid_value'
  | 'invalid_type'
  | 'unrecognized_keys'
  | 'in_future'
  | 'invalid';
export type IssueParams = {
  minimum?: number;
  maximum?: number;
  /** What was measured: a string's length, a number, an array's items, a date. */
  origin?: string;
  exact?: boolean;
  /** A named format (date, email, …) or `regex`. */
  format?: string;
  values?: string[];
  keys?: string[];
  expected?: string;
};
export type ValidationIssue = { path: string; code: IssueCode; message: string; params?: IssueParams };

const figure = (v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : undefined);
const defined = (p: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as IssueParams;

/** One zod issue in the API's terms (parsed with `reportInput`, so that a missing field is told apart). */
export function issueOf(i: z.core.$ZodIssue): ValidationIssue {
  const path = i.path.map(String).join('.');
  const base = { path, message: i.message };
  switch (i.code) {
    case 'invalid_type':
      return i.input === undefined || i.input === null
        ? { ...base, code: 'required' }
        : { ...base, code: 'invalid_type', params: { expected: i.expected } };
    case 'too_small': {
      const minimum = figure(i.minimum);
      if (i.origin === 'string' && minimum === 1) return { ...base, code: 'required' };
      return { ...base, code: 'too_small', params: defined({ minimum, origin: i.origin, exact: i.exact }) };
    }
    case 'too_big':
      return {
        ...base,
        code: 'too_big',
        params: defined({ maximum: figure(i.maximum), origin: i.origin, exact: i.exact }),
      };
    case 'invalid_format':
      return { ...base, code: 'invalid_format', params: { format: i.format } };
    case 'invalid_value':
      return { ...base, code: 'invalid_value', params: { values: i.values.map(String) } };
    case 'unrecognized_keys':
      return { ...base, code: 'unrecognized_keys', params: { keys: i.keys } };
    default:
      return { ...base, code: 'invalid' };
  }
}

/** A `validation_failed` error for one field, from a rule a schema cannot state (a date in the future …). */
export const invalidField = (path: string, code: IssueCode, message: string, params?: IssueParams) =>
  new AppError('validation_failed', { issues: [{ path, code, message, ...(params ? { params } : {}) }] });

/** A field refused by a rule of the domain (not of its schema), with the reason in Chinese and English. */
export const refusedField = (path: string, reason: { zh: string; en: string }, code?: string) =>
  new AppError('validation_failed', {
    issues: [{ path, ...(code ? { code } : {}), message: reason.en, message_zh: reason.zh }],
  });

/** Parses input with a zod schema; failures become `validation_failed` with every issue listed. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  // The input each issue is about tells a missing field from a wrong one; it is not passed on.
  const result = schema.safeParse(input ?? {}, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues.map(issueOf);
  const phone = result.error.issues
    .map((i) =>
      i.code === 'custom' && i.params?.['phone'] ? { path: i.path, problem: i.params['phone'] } : null,
    )
    .find((i) => i !== null);
  if (phone) {
    const problem = PHONE_PROBLEMS[phone.problem as PhoneProblem];
    const { zh, en } = ERRORS.invalid_phone;
    throw new AppError(
      'invalid_phone',
      {
        issues: [
          { path: phone.path.join('.'), code: 'invalid_phone', problem: phone.problem, message: problem.en },
        ],
      },
      { zh: `${zh}：${problem.zh}`, en: `${en}: ${problem.en}` },
    );
  }
  const tooLong = result.error.issues.some((i) => i.code === 'too_big' && i.origin === 'string');
  throw new AppError(tooLong ? 'text_too_long' : 'validation_failed', { issues });
}
