/** The generator's checks: each failed one is kept, and the run stops before writing if any failed. */

const failures: string[] = [];

export function check(cond: boolean, msg: string): void {
  if (!cond) failures.push(msg);
}

export function failedChecks(): readonly string[] {
  return failures;
}

/** Codes of areas and departments: lower-case words joined by hyphens. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
