import type { z } from 'zod';
import { AppError } from './errors.js';

/** Parses input with a zod schema; failures become `validation_failed` with every issue listed. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: i.path.join('.'),
    code: i.code,
    message: i.message,
  }));
  const tooLong = result.error.issues.some((i) => i.code === 'too_big' && i.origin === 'string');
  throw new AppError(tooLong ? 'text_too_long' : 'validation_failed', { issues });
}
