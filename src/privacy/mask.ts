/** Masks for personal data shown to staff (free text shown to the public: ./public-text.ts). */
import { canonicalPhone } from './phone.js';

/** 13812345678 → 138****5678; landlines keep their last four digits (and their extension: ****1234-12). */
export function maskPhone(phone: string): string {
  const canonical = canonicalPhone(phone) ?? phone.replace(/[\s-]/g, '');
  const [p = '', extension] = canonical.split('-');
  const masked = /^1\d{10}$/.test(p)
    ? `${p.slice(0, 3)}****${p.slice(7)}`
    : p.length <= 4
      ? '*'.repeat(p.length)
      : `${'*'.repeat(p.length - 4)}${p.slice(-4)}`;
  return extension ? `${masked}-${extension}` : masked;
}

/** 张三丰 → 张**; a Latin name keeps its first letter. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
