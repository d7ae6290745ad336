import { checkAccess } from '../access';
import type { Env, Vals } from '../env';
import { faults } from '../faults';
import { isStoredInRow, type DefaultValue, type Row, type StoredValue } from '../fields';
import { MAGIC_FIELDS, type ModelDef } from '../model-def';
import { pyRepr } from '../py-repr';
import { isPlainObject } from '../values';
import { coerceForWrite } from './coerce';
import { checkConstraints } from './constraints';
import { applyMany2many, applyOne2many } from './x2many';

/**
 * `create(vals_list)`: defaults first, then the given values, then one2many commands once the record
 * exists; the engine stamps create/write uid and date with the transaction's time. Unknown fields
 * fail the whole call (the dispatcher's transaction undoes what was already inserted).
 */
export function createRecords(env: Env, model: ModelDef, valsList: readonly unknown[]): number[] {
  checkAccess(env, model, 'create');
  const table = env.db.table(model.name);
  const ids: number[] = [];
  for (const input of valsList) {
    if (!isPlainObject(input)) throw faults.type(`create() expects a dict of field values per record, got ${pyRepr(input)}`);
    for (const key of Object.keys(input)) if (!model.fields[key]) throw faults.invalidFieldIn(model.name, key);
    const given = { ...contextDefaults(env, model), ...input };
    const vals: Vals = model.hooks?.prepareCreate ? model.hooks.prepareCreate(env, given) : given;

    const row: Row = { id: table.allocateId() };
    for (const [name, field] of Object.entries(model.fields)) {
      if (MAGIC_FIELDS.has(name) || !isStoredInRow(field) || name in vals || field.default === undefined) continue;
      row[name] = resolveDefault(env, field.default);
    }
    const one2many: [string, unknown][] = [];
    for (const [name, value] of Object.entries(vals)) {
      const field = model.fields[name];
      if (!field || MAGIC_FIELDS.has(name) || field.compute) continue;
      if (field.type === 'one2many') one2many.push([name, value]);
      else if (field.type === 'many2many') row[name] = applyMany2many(env, model, name, field, [], value);
      else row[name] = coerceForWrite(env, model, name, field, value);
    }
    row['create_uid'] = env.uid;
    row['create_date'] = env.now;
    row['write_uid'] = env.uid;
    row['write_date'] = env.now;
    table.insert(row);
    ids.push(row.id);
    for (const [name, value] of one2many) {
      const field = model.fields[name];
      if (field?.type === 'one2many') applyOne2many(env, model, row.id, name, field, value);
    }
  }
  model.hooks?.afterCreate?.(env, ids);
  checkConstraints(env, model, ids);
  return ids;
}

/**
 * `default_<field>` context keys (e.g. `default_move_type: 'in_invoice'`) act as values for fields the
 * caller left out, as Odoo's `default_get` reads them.
 */
export function contextDefaults(env: Env, model: ModelDef): Vals {
  const defaults: Vals = {};
  for (const [key, value] of Object.entries(env.context)) {
    if (!key.startsWith('default_')) continue;
    const name = key.slice('default_'.length);
    const field = model.fields[name];
    if (field && !MAGIC_FIELDS.has(name) && !field.compute) defaults[name] = value;
  }
  return defaults;
}

export function resolveDefault(env: Env, value: DefaultValue): StoredValue {
  const resolved = typeof value === 'function' ? value(env) : value;
  return Array.isArray(resolved) ? [...resolved] : resolved;
}
