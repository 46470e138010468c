/**
 * A form's (or a button's) call: `busy` while it runs, `error` in words when it failed or a field is missing.
 * One message at a time: a new call clears the last one, and with `clearOn` (the form's fields) a message goes
 * as soon as the person changes what it was about.
 */
import { ref, watch, type WatchSource } from 'vue';
import { errorText } from '../api/client';
import { i18n } from '../i18n';
import type { FieldLabels } from './validation';

/** `labels`: the form's names for its fields, which the server's validation issues are told with. */
export function useSubmit(opts: { labels?: () => FieldLabels; clearOn?: WatchSource | object } = {}) {
  const busy = ref(false);
  const error = ref('');
  if (opts.clearOn) watch(opts.clearOn, () => (error.value = ''), { deep: true });
  /**
   * Runs `fn` unless a call is already under way; true when it succeeded. `describe` may put a failure in the
   * form's own words (a field's name); otherwise the API's words are shown.
   */
  async function run(
    fn: () => Promise<unknown>,
    describe?: (err: unknown) => string | null,
  ): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    error.value = '';
    try {
      await fn();
      return true;
    } catch (err) {
      error.value = describe?.(err) ?? errorText(err, opts.labels?.());
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}

/** The words for fields left empty: "标题 / 截止日期：必填". */
export const requiredText = (...labels: string[]) =>
  `${labels.join(' / ')}：${i18n.global.t('common.required')}`;

/** A form's keydown handler: Ctrl+Enter (⌘+Enter) submits it from any field, a text area's included. */
export const submitOnCtrlEnter = (submit: () => unknown) => (e: KeyboardEvent) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    void submit();
  }
};
