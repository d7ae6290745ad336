import type { Env, Vals } from './env';
import { fields, type FieldDef, type Row } from './fields';
import type { MethodSpec } from './method-spec';

export interface ModelHooks {
  /** Adjusts incoming vals before a record is created (sequence numbers, defaults that depend on vals). */
  prepareCreate?(env: Env, vals: Vals): Vals;
  afterCreate?(env: Env, ids: readonly number[]): void;
  /** Adjusts vals before they are written to `ids` (e.g. debit/credit folded into one balance). */
  prepareWrite?(env: Env, ids: readonly number[], vals: Vals): Vals;
  /** `written` holds the field names the caller wrote. */
  afterWrite?(env: Env, ids: readonly number[], written: ReadonlySet<string>): void;
  beforeUnlink?(env: Env, ids: readonly number[]): void;
  /** Runs once per call for the ids marked through `env.deferred` (recomputations, move checks). */
  flush?(env: Env, ids: readonly number[]): void;
}

/** A Postgres UNIQUE constraint from `_sql_constraints`; empty values never collide, as NULLs don't. */
export interface UniqueConstraint {
  readonly fields: readonly string[];
  readonly message: string;
}

/** A Postgres CHECK constraint from `_sql_constraints`. */
export interface CheckConstraint {
  readonly holds: (row: Row) => boolean;
  readonly message: string;
}

/** Group names Odoo lists in an AccessError for each operation on the model. */
export interface AccessGroups {
  readonly read: readonly string[];
  readonly write: readonly string[];
  readonly create: readonly string[];
  readonly unlink: readonly string[];
}

export interface ModelSpec {
  readonly name: string;
  /** `_description`, used in AccessError and constraint messages. */
  readonly description: string;
  /** `_order`, the default sort. */
  readonly order: string;
  /** `_rec_name`, default 'name'. */
  readonly recName?: string;
  /** `_rec_names_search`: fields `name_search` looks in. Default: the rec name. */
  readonly recNamesSearch?: readonly string[];
  /** `_parent_name`, for child_of / parent_of. */
  readonly parentName?: string;
  readonly fields: Readonly<Record<string, FieldDef>>;
  readonly displayName?: (row: Row, env: Env) => string;
  readonly hooks?: ModelHooks;
  readonly methods?: readonly MethodSpec[];
  readonly access: AccessGroups;
  readonly uniques?: readonly UniqueConstraint[];
  readonly checks?: readonly CheckConstraint[];
}

export interface ModelDef extends ModelSpec {
  readonly recName: string;
  readonly recNamesSearch: readonly string[];
  /** Own fields plus the ones Odoo adds to every model (id, display_name, create/write uid and date). */
  readonly fields: Readonly<Record<string, FieldDef>>;
  readonly hasActive: boolean;
}

/** Fields the engine maintains itself: writes to them are dropped, as Odoo drops LOG_ACCESS_COLUMNS. */
export const MAGIC_FIELDS: ReadonlySet<string> = new Set(['id', 'display_name', 'create_uid', 'create_date', 'write_uid', 'write_date']);

export function defineModel(spec: ModelSpec): ModelDef {
  const recName = spec.recName ?? 'name';
  const displayName = spec.displayName;
  const allFields: Record<string, FieldDef> = {
    id: fields.integer('ID', { readonly: true }),
    display_name: fields.char('Display Name', {
      readonly: true,
      stored: false,
      compute: (row, env) => (displayName ? displayName(row, env) : stringOrFalse(row[recName])) || false,
    }),
    ...spec.fields,
    create_uid: fields.many2one('res.users', 'Created by', { readonly: true }),
    create_date: fields.datetime('Created on', { readonly: true }),
    write_uid: fields.many2one('res.users', 'Last Updated by', { readonly: true }),
    write_date: fields.datetime('Last Updated on', { readonly: true }),
  };
  return {
    ...spec,
    recName,
    recNamesSearch: spec.recNamesSearch ?? [recName],
    fields: allFields,
    hasActive: spec.fields['active']?.type === 'boolean',
  };
}

function stringOrFalse(value: unknown): string | false {
  return typeof value === 'string' && value !== '' ? value : false;
}
