/**
 * An e-mail address as a subscription keeps it: one plain mailbox (no display name, no list, no comment), at
 * most 254 characters, its domain with a dot; compared lower-cased. Pure.
 */
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** The address to send to, or null when it is not one. */
export function normaliseEmail(input: string): string | null {
  const e = input.trim();
  if (e.length > 254 || !EMAIL.test(e)) return null;
  const [local] = e.split('@');
  if (local!.startsWith('.') || local!.endsWith('.') || local!.includes('..')) return null;
  return e.toLowerCase();
}
