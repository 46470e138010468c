/**
 * A form described as data (FormFields.vue draws it, FieldsDialog.vue holds it in a dialog): its fields, how it
 * starts, what is checked before it is sent and what sending it does.
 */
import { i18n } from '../i18n';
import { optionsOf, type Option } from '../lib/options';
import { checkText, issuesText, type FieldLabels, type Issue } from '../lib/validation';

/** A field of a form; a `slot` field's control is drawn by the #field-<key> slot. */
export type FormField<Form> = {
  key: keyof Form & string;
  /** An i18n key ('' for a slot that names itself, as a check box does). */
  label: string;
  /** The control's id, its label's `for` (a switch may have none). */
  id?: string;
  required?: boolean | ((form: Form) => boolean);
  shown?: (form: Form) => boolean;
  /** The control's data-testid. */
  testid?: string;
  /** The control's CSS width ('100%': as wide as the form). */
  width?: string;
} & (
  | {
      type: 'text';
      id: string;
      /** The server's limits, carried by the input and checked before the form is sent. */
      maxlength?: number;
      minlength?: number;
      /** A pattern of the whole value, as the input's `pattern` attribute writes it. */
      pattern?: string;
      /** The row's code: fixed once the row exists (the form is `locked`). */
      fixed?: boolean;
      autocomplete?: string;
      password?: boolean;
      /** A text area of this many rows, its count of characters shown with `counted`. */
      rows?: number;
      counted?: boolean;
      /** An i18n key: what an empty input asks for. */
      placeholder?: string;
      clearable?: boolean;
    }
  | { type: 'number'; id: string; min: number; max: number; step?: number }
  | {
      type: 'select';
      id: string;
      options: (form: Form) => Option[];
      filterable?: boolean;
      clearable?: boolean;
      multiple?: boolean;
      /** The values chosen of a multiple select shown as one tag and a count. */
      collapseTags?: boolean;
      /** An i18n key: what an empty select means. */
      placeholder?: string;
      /** What choosing a value does to the rest of the form. */
      change?: (form: Form) => void;
    }
  | { type: 'date'; id: string }
  /** A place or a category picked at any level of its tree: the value is the path of codes. */
  | { type: 'tree'; id: string; tree: 'areas' | 'categories' }
  | { type: 'switch' }
  | { type: 'slot' }
);

/** A form in a dialog (FieldsDialog.vue). */
export interface FormSpec<Form, Answer = unknown> {
  fields: FormField<Form>[];
  /** The form as the dialog opens. */
  start: () => Form;
  /** A new record's draft: what was typed stays when the dialog is closed unsaved, the form starts again once saved. */
  draft?: boolean;
  /** What else is wrong with the form before it is sent, in words; null when nothing is. */
  check?: (form: Form) => string | null;
  save: (form: Form) => Promise<Answer>;
  width: string;
  labelWidth?: string;
  /** An i18n key for the submit button (保存 by default). */
  submitLabel?: string;
  /** An i18n key: what is said once the form is sent (nothing by default). */
  saved?: string;
}

/** A select of one of `values`, each named by the i18n key `<names>.<value>`. */
export const choiceField = <Form>(
  field: { key: keyof Form & string; id: string; label: string },
  values: readonly string[],
  names: string,
): FormField<Form> => ({
  ...field,
  type: 'select',
  options: () => optionsOf(values, (v) => i18n.global.t(`${names}.${v}`)),
});

export const isRequired = <Form>(f: FormField<Form>, form: Form) =>
  typeof f.required === 'function' ? f.required(form) : !!f.required;

export const shownFields = <Form>(fields: FormField<Form>[], form: Form) =>
  fields.filter((f) => !f.shown || f.shown(form));

const isEmpty = (v: unknown) => v === '' || v === null || v === undefined || (Array.isArray(v) && !v.length);

/**
 * What is wrong with the shown fields, as the server would say it: a required field left empty, a text over its
 * limits (the fixed codes of a `locked` form are not sent again); '' when all pass.
 */
export function checkFields<Form>(
  fields: FormField<Form>[],
  form: Form,
  labels: FieldLabels,
  locked = false,
): string {
  const values = form as Record<string, unknown>;
  const issues = shownFields(fields, form).flatMap((f): Issue[] => {
    const required = isRequired(f, form);
    if (f.type !== 'text')
      return required && isEmpty(values[f.key]) ? [{ path: f.key, code: 'required' }] : [];
    if (f.fixed && locked) return [];
    const issue = checkText(f.key, String(values[f.key] ?? ''), { ...f, required });
    return issue ? [issue] : [];
  });
  return issues.length ? issuesText(issues, labels) : '';
}
