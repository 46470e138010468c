/** What an admin list (AdminTable.vue) shows of its rows, and what its add/edit dialog asks for. */
import type { Cell } from '../lib/xlsx';

/** A column, in the table and in the export unless `only` says one of them. */
export interface AdminColumn<Row> {
  /** Names the #cell-<key> slot that may draw the cell instead of its text. */
  key: string;
  label: string;
  /** The cell's text (an empty one shows —) and the exported value. */
  value: (row: Row) => Cell;
  width?: number;
  minWidth?: number;
  align?: 'right';
  only?: 'table' | 'export';
}

export type Option = { value: string | number; label: string };

/** A field of the dialog; a `slot` field's control is drawn by the #field-<key> slot. */
export type AdminField<Form> = {
  key: keyof Form & string;
  label: string;
  /** The control's id, the label's `for`. */
  id?: string;
  required?: boolean | ((form: Form) => boolean);
  shown?: (form: Form) => boolean;
} & (
  | {
      type: 'text';
      maxlength?: number;
      /** The row's code: fixed once the row exists. */
      fixed?: boolean;
      autocomplete?: string;
      password?: boolean;
    }
  | { type: 'number'; min: number; max: number }
  | { type: 'select'; options: (form: Form) => Option[]; filterable?: boolean; clearable?: boolean }
  | { type: 'switch' }
  | { type: 'slot' }
);

/** The add (and edit) dialog of an admin list. */
export interface AdminEditor<Row, Form> {
  fields: AdminField<Form>[];
  blank: () => Form;
  /** The form for editing a row; without it, rows are only added. */
  edit?: (row: Row) => Form;
  /** What is wrong with the form before it is sent, in words; null when nothing is. */
  check?: (form: Form) => string | null;
  save: (form: Form) => Promise<unknown>;
  width: string;
  labelWidth: string;
}
