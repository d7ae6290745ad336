import type { Env } from './env';
import type { JsonObject } from './values';

/**
 * Field definitions: the subset of Odoo's field types integrations touch, with the attributes
 * `fields_get` reports. Builders (`fields.char(...)`) keep the model files short.
 */
export type FieldType =
  | 'char'
  | 'text'
  | 'integer'
  | 'float'
  | 'monetary'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'selection'
  | 'many2one'
  | 'one2many'
  | 'many2many'
  | 'json';

/**
 * What a row holds for a field: strings for char/text/selection/date/datetime, numbers, booleans,
 * an id (or false) for many2one, sorted-free id lists for many2many, objects for json. Empty is `false`.
 * one2many values are never stored: they are derived from the inverse many2one.
 */
export type StoredValue = string | number | boolean | number[] | JsonObject;

/** One record. Fields never set are `undefined` and read as the field's empty value. */
export interface Row {
  id: number;
  [field: string]: StoredValue | undefined;
}

export type DefaultValue = StoredValue | ((env: Env) => StoredValue);
export type ComputeFn = (row: Row, env: Env) => StoredValue;

interface FieldBase {
  readonly string: string;
  readonly help?: string;
  readonly required?: boolean;
  readonly readonly?: boolean;
  readonly default?: DefaultValue;
  /** Derived on every read; writes to it are ignored, as Odoo ignores writes to computed fields without inverse. */
  readonly compute?: ComputeFn;
  /** Whether Odoo keeps the field in a column (`store` in fields_get). Defaults to true. */
  readonly stored?: boolean;
  /** Keep a hash index so equality searches skip the scan (Odoo's `index=True` on lookup keys). */
  readonly indexed?: boolean;
}

export interface PlainField extends FieldBase {
  readonly type: 'char' | 'text' | 'integer' | 'boolean' | 'date' | 'datetime' | 'json';
}

export interface DecimalField extends FieldBase {
  readonly type: 'float' | 'monetary';
  /** Decimal places kept on write (Odoo rounds to the field's digits / the currency's rounding). */
  readonly digits?: number;
}

export interface SelectionField extends FieldBase {
  readonly type: 'selection';
  readonly selection: ReadonlyArray<readonly [string, string]>;
}

export interface Many2oneField extends FieldBase {
  readonly type: 'many2one';
  readonly relation: string;
  readonly ondelete: 'set null' | 'restrict' | 'cascade';
}

/**
 * A filtered view of another one2many, like `invoice_line_ids` over `line_ids`: reads show only
 * matching lines, commands touch only them, and lines created through it get `defaults`.
 */
export interface LineSubset {
  readonly matches: (row: Row) => boolean;
  readonly defaults: Readonly<Record<string, StoredValue>>;
}

export interface One2manyField extends FieldBase {
  readonly type: 'one2many';
  readonly relation: string;
  readonly inverse: string;
  readonly subset?: LineSubset;
}

export interface Many2manyField extends FieldBase {
  readonly type: 'many2many';
  readonly relation: string;
}

export type FieldDef = PlainField | DecimalField | SelectionField | Many2oneField | One2manyField | Many2manyField;
export type RelationalField = Many2oneField | One2manyField | Many2manyField;

export function isRelational(field: FieldDef): field is RelationalField {
  return field.type === 'many2one' || field.type === 'one2many' || field.type === 'many2many';
}

export function isX2many(field: FieldDef): field is One2manyField | Many2manyField {
  return field.type === 'one2many' || field.type === 'many2many';
}

export function isNumeric(field: FieldDef): boolean {
  return field.type === 'integer' || field.type === 'float' || field.type === 'monetary';
}

/** Whether the value lives in the row (as opposed to derived on read). */
export function isStoredInRow(field: FieldDef): boolean {
  return field.compute === undefined && field.type !== 'one2many';
}

type Options<F> = Omit<F, 'type' | 'string' | 'relation' | 'selection' | 'inverse'>;

export const fields = {
  char: (string: string, options: Options<PlainField> = {}): PlainField => ({ type: 'char', string, ...options }),
  text: (string: string, options: Options<PlainField> = {}): PlainField => ({ type: 'text', string, ...options }),
  integer: (string: string, options: Options<PlainField> = {}): PlainField => ({ type: 'integer', string, ...options }),
  boolean: (string: string, options: Options<PlainField> = {}): PlainField => ({ type: 'boolean', string, ...options }),
  date: (string: string, options: Options<PlainField> = {}): PlainField => ({ type: 'date', string, ...options }),
  datetime: (string: string, options: Options<PlainField> = {}): PlainField => ({ type: 'datetime', string, ...options }),
  json: (string: string, options: Options<PlainField> = {}): PlainField => ({ type: 'json', string, ...options }),
  float: (string: string, options: Options<DecimalField> = {}): DecimalField => ({ type: 'float', string, ...options }),
  monetary: (string: string, options: Options<DecimalField> = {}): DecimalField => ({ type: 'monetary', string, digits: 2, ...options }),
  selection: (
    selection: ReadonlyArray<readonly [string, string]>,
    string: string,
    options: Options<SelectionField> = {},
  ): SelectionField => ({ type: 'selection', selection, string, ...options }),
  many2one: (
    relation: string,
    string: string,
    options: Partial<Options<Many2oneField>> = {},
  ): Many2oneField => ({ type: 'many2one', relation, string, ondelete: 'set null', ...options }),
  one2many: (relation: string, inverse: string, string: string, options: Options<One2manyField> = {}): One2manyField => ({
    type: 'one2many',
    relation,
    inverse,
    string,
    ...options,
  }),
  many2many: (relation: string, string: string, options: Options<Many2manyField> = {}): Many2manyField => ({
    type: 'many2many',
    relation,
    string,
    ...options,
  }),
};
