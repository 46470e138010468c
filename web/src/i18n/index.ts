import { createI18n } from 'vue-i18n';
import en from './en';
import zh from './zh-CN';

/** A feature's own messages: web/src/i18n/sections/<feature>.ts exports { 'zh-CN': {…}, en: {…} } under top-level
 * keys of its own, so features add words without touching the shared files. */
type Section = { 'zh-CN': Record<string, unknown>; en: Record<string, unknown> };
const sections = Object.values(
  import.meta.glob<Section>('./sections/*.ts', { eager: true, import: 'default' }),
);
const merged = (locale: keyof Section, base: Record<string, unknown>) =>
  Object.assign({}, base, ...sections.map((section) => section[locale]));

export type Locale = 'zh-CN' | 'en';
const STORAGE_KEY = 'banshi.locale';

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    /* storage unavailable (private mode): default */
  }
  return 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': merged('zh-CN', zh) as typeof zh, en: merged('en', en) as typeof en },
  missingWarn: false,
  fallbackWarn: false,
});

export function setLocale(l: Locale) {
  i18n.global.locale.value = l;
  document.documentElement.lang = l;
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    /* ignore */
  }
}

/** i18n keys use underscores where the API uses hyphens (answer-directly → answer_directly). */
export const keyOf = (s: string) => s.replace(/-/g, '_');
