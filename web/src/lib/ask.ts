/** A line of text asked for in a message box (a note, a name). */
import { ElMessageBox } from 'element-plus';
import { i18n } from '../i18n';

/**
 * The text typed, trimmed, or null when the person cancelled. The box takes only a text that is not blank and at
 * most `max` characters long, and says `rule` otherwise.
 */
export async function askText(
  question: string,
  title: string,
  opts: { confirm: string; rule: string; max?: number },
): Promise<string | null> {
  const max = opts.max ?? Infinity;
  try {
    const { value } = await ElMessageBox.prompt(question, title, {
      confirmButtonText: opts.confirm,
      cancelButtonText: i18n.global.t('common.cancel'),
      inputValidator: (v: string) => (v.trim().length > 0 && v.trim().length <= max) || opts.rule,
    });
    return value.trim();
  } catch {
    return null; // cancelled
  }
}
