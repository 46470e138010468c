/** An admin list (AdminTable.vue): how it reads its rows, what it shows of them, what its buttons and dialog do. */
import type { FormField, FormSpec } from './form-fields';
import { i18n } from '../i18n';
import { LIMITS } from '../lib/validation';
import type { Cell } from '../lib/xlsx';

/** A column, in the table and in the export unless `only` says one of them. */
export interface AdminColumn<Row> {
  /** Names the #cell-<key> slot that may draw the cell instead of its text. */
  key: string;
  /** An i18n key. */
  label: string;
  /** The cell's text (an empty one shows —) and the exported value. */
  value: (row: Row) => Cell;
  width?: number;
  minWidth?: number;
  align?: 'right';
  only?: 'table' | 'export';
}

/** A field of the dialog. */
export type AdminField<Form> = FormField<Form>;

/** The code (fixed once the row exists) and the name, which most admin dialogs start with. */
export const codeAndName = <Form extends { code: string; name: string }>(
  idPrefix: string,
): AdminField<Form>[] => [
  { key: 'code', id: `${idPrefix}-code`, label: 'common.code', type: 'text', fixed: true, ...LIMITS.code },
  { key: 'name', id: `${idPrefix}-name`, label: 'common.name', type: 'text', ...LIMITS.name },
];

/** The code and the name columns, which most admin lists start with, each as wide as given. */
export const codeAndNameColumns = <Row extends { code: string; name: string }>(
  code: ColumnWidth,
  name: ColumnWidth,
): AdminColumn<Row>[] => [
  { key: 'code', label: 'common.code', value: (row) => row.code, ...code },
  { key: 'name', label: 'common.name', value: (row) => row.name, ...name },
];
type ColumnWidth = { width: number } | { minWidth: number };

/** Whether a reference row matches the filter box's text: its name or its code holds it. */
export const byCodeOrName = (row: { code: string; name: string }, text: string) =>
  row.name.includes(text) || row.code.includes(text);

/** The code and the name as a reference row's form sends them. */
export const codeAndNameOf = (form: { code: string; name: string }) => ({
  code: form.code,
  name: form.name.trim(),
});

/** A node of a tree of reference rows (an area, a category): its code, name, level and parent. */
export const nodeOf = <Level>(form: { code: string; name: string; level: Level; parent_code: string }) => ({
  ...codeAndNameOf(form),
  level: form.level,
  parent_code: form.parent_code || null,
});

/** Whether the row is in use (启用): a column, and its switch in the dialog. */
export const activeColumn = <Row extends { active: boolean }>(): AdminColumn<Row> => ({
  key: 'active',
  label: 'common.active',
  value: (row) => i18n.global.t(row.active ? 'common.yes' : 'common.no'),
  width: 70,
});
export const activeField = <Form extends { active: boolean }>(): AdminField<Form> => ({
  key: 'active',
  label: 'common.active',
  type: 'switch',
});

/** The add (and edit) dialog of an admin list: a form (its fields, check, save) that starts blank or from a row. */
export interface AdminEditor<Row, Form> extends Omit<FormSpec<Form>, 'start' | 'draft'> {
  blank: () => Form;
  /** The form for editing a row; without it, rows are only added. */
  edit?: (row: Row) => Form;
  /** Which rows the user may edit (all by default). */
  editable?: (row: Row) => boolean;
  labelWidth: string;
}

/** A button in each row's Actions column. */
export interface AdminAction<Row> {
  /** An i18n key. */
  label: string;
  danger?: boolean;
  shown?: (row: Row) => boolean;
  /** Asked first, OK or Cancel: the question and the box's title. */
  confirm?: (row: Row) => [string, string];
  /** What the button does; a promise is a change to the rows, which are read again after it. */
  run: (row: Row) => void | Promise<unknown>;
}

/** A page of rows the server found for the filter box's text, and how many it found in all. */
export type AdminPage<Row> = { items: Row[]; total: number };

/**
 * Where the rows come from: all of them (`load`: when the list opens and after each change), or one page of those
 * the server finds for the filter box's text (`loadPage`: a list too long to read whole; `pageSize` is the page's).
 */
export type AdminSource<Row> =
  | { load: () => Promise<Row[]>; loadPage?: undefined }
  | { loadPage: (text: string, page: number, pageSize: number) => Promise<AdminPage<Row>>; load?: undefined };

export type AdminList<Row, Form> = AdminSource<Row> & AdminListShape<Row, Form>;

interface AdminListShape<Row, Form> {
  columns: AdminColumn<Row>[];
  /** Whether a row matches the filter box's text (any row matches an empty box); no box without it. */
  filter?: (row: Row, text: string) => boolean;
  /** The add (and edit) dialog; without it, Add is the parent's (AdminTable's `add` event). */
  editor?: AdminEditor<Row, Form>;
  /** Buttons of each row, after Edit. */
  actions?: AdminAction<Row>[];
  actionsWidth?: number;
  exportName?: string;
  pageSize?: number;
  maxHeight?: number;
  /** The list's own words (i18n keys) for Add, Edit and an empty table, instead of the common ones. */
  words?: { add: string; edit: string; empty: string };
}
