import type { z } from 'zod';
import { PHONE_PROBLEMS, type PhoneProblem } from '../privacy/phone.js';
import { AppError, ERRORS } from './errors.js';

/** Parses input with a zod schema; failures become `validation_failed` with every issue listed. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: i.path.join('.'),
    code: i.code,
    message: i.message,
  }));
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
