/**
 * What is wrong with a form, in sentences naming its fields: the API's validation issues (path, code, params)
 * and the same checks made in the browser before sending, so that most mistakes never reach the server.
 *
 *   const issue = checkText('username', form.username, LIMITS.username);   // null when it is fine
 *   issuesText([issue], { username: t('admin.username') })                 // "用户名格式不正确：只能……"
 */
import { i18n } from '../i18n';

/** An issue as the API answers it (src/http/validate.ts); older ones have only a path and a message. */
export type Issue = {
  path?: string;
  code?: string;
  message?: string;
  message_zh?: string;
  params?: { minimum?: number; maximum?: number; origin?: string; exact?: boolean; format?: string };
};
/** The forms' own words for their fields' paths, used before the shared ones. */
export type FieldLabels = Record<string, string>;

/** The limits of the server's schemas, which the inputs carry (maxlength, minlength, pattern) and check. */
export type TextRule = { required?: boolean; minlength?: number; maxlength?: number; pattern?: string };
export const LIMITS = {
  username: { required: true, maxlength: 64, pattern: '[a-z0-9][a-z0-9._\\-]{1,63}' },
  password: { required: true, minlength: 8, maxlength: 200 },
  displayName: { required: true, maxlength: 50 },
  name: { required: true, maxlength: 100 },
  /** A reference code (department, area, category, SLA profile). */
  code: { required: true, maxlength: 100, pattern: '[a-z0-9][a-z0-9._\\-]{0,99}' },
  /** A phone number as people type it (src/privacy/phone.ts reads the ways: +86, spaces, full-width digits, 转 ext). */
  phone: { maxlength: 40 },
} satisfies Record<string, TextRule>;

const g = () => i18n.global;
const has = (key: string) => g().te(key);

/** The field's name for a sentence: the form's label, the shared word for the path or its last part, or "此项". */
export function fieldLabel(path: string | undefined, labels: FieldLabels = {}): string {
  const p = path ?? '';
  const last = p.split('.').pop() ?? '';
  for (const candidate of [labels[p], labels[last]]) if (candidate) return candidate;
  for (const key of [`validation.fields.${p.replace(/\./g, '_')}`, `validation.fields.${last}`])
    if (p && has(key)) return g().t(key);
  return g().t('validation.someField');
}

const measured = (origin: string | undefined) =>
  origin === 'string' ? 'text' : origin === 'array' || origin === 'set' ? 'items' : 'number';

/** One issue as a sentence. */
export function issueSentence(issue: Issue, labels: FieldLabels = {}): string {
  const { t } = g();
  const field = fieldLabel(issue.path, labels);
  const p = issue.params ?? {};
  const zh = g().locale.value === 'zh-CN';
  switch (issue.code) {
    case 'required':
      return t('validation.required', { field });
    case 'too_small':
      return t(`validation.tooSmall.${p.exact ? 'exact' : measured(p.origin)}`, { field, n: p.minimum });
    case 'too_big':
      return t(`validation.tooBig.${p.exact ? 'exact' : measured(p.origin)}`, { field, n: p.maximum });
    case 'invalid_format': {
      const last = (issue.path ?? '').split('.').pop() ?? '';
      const hint = has(`validation.hints.${last}`) ? t(`validation.hints.${last}`) : '';
      const format = p.format && has(`validation.formats.${p.format}`) ? p.format : 'regex';
      return t(`validation.formats.${format}`, { field }) + (hint ? t('validation.hint', { hint }) : '');
    }
    case 'invalid_value':
    case 'invalid_type':
    case 'in_future':
    case 'unrecognized_keys':
      return t(`validation.${issue.code}`, { field });
    default:
      // The server's own sentences in both languages (the ledger's rules): message_zh and message.
      if (issue.message_zh) return (zh ? issue.message_zh : issue.message) || issue.message_zh;
      return t('validation.invalid', { field });
  }
}

/** Every issue in sentences, each once. */
export const issuesText = (issues: Issue[], labels: FieldLabels = {}) =>
  [...new Set(issues.map((i) => issueSentence(i, labels)))].join(g().locale.value === 'zh-CN' ? '' : ' ');

/** A text field checked as the server will: null when it passes. */
export function checkText(path: string, value: string, rule: TextRule): Issue | null {
  const v = value.trim();
  if (!v) return rule.required ? { path, code: 'required' } : null;
  const origin = 'string';
  if (rule.minlength !== undefined && v.length < rule.minlength)
    return { path, code: 'too_small', params: { minimum: rule.minlength, origin } };
  if (rule.maxlength !== undefined && v.length > rule.maxlength)
    return { path, code: 'too_big', params: { maximum: rule.maxlength, origin } };
  if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`, 'v').test(v))
    return { path, code: 'invalid_format', params: { format: 'regex' } };
  return null;
}

/** The issues of several text fields, in sentences; '' when all pass. */
export function checkTexts(
  fields: { path: string; value: string; rule: TextRule }[],
  labels: FieldLabels = {},
): string {
  const issues = fields.flatMap((f) => checkText(f.path, f.value, f.rule) ?? []);
  return issues.length ? issuesText(issues, labels) : '';
}

/** The attributes an input takes from its rule. */
export const inputLimits = (rule: TextRule) => ({
  maxlength: rule.maxlength,
  minlength: 'minlength' in rule ? rule.minlength : undefined,
  pattern: 'pattern' in rule ? rule.pattern : undefined,
});
