/** Masks for personal data shown to staff (free text shown to the public: ./public-text.ts). */

export function normalisePhone(phone: string): string {
  return phone.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
}

/** 13812345678 → 138****5678; landlines keep their last four digits. */
export function maskPhone(phone: string): string {
  const p = normalisePhone(phone);
  if (/^1\d{10}$/.test(p)) return `${p.slice(0, 3)}****${p.slice(7)}`;
  if (p.length <= 4) return '*'.repeat(p.length);
  return `${'*'.repeat(p.length - 4)}${p.slice(-4)}`;
}

/** 张三丰 → 张**; a Latin name keeps its first letter. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
