import { checkAccess } from '../access';
import type { Env } from '../env';
import { faults } from '../faults';
import type { FieldDef, StoredValue } from '../fields';
import type { ModelDef } from '../model-def';
import type { OdooStruct, OdooValue } from '../values';
import { displayNameOf, fieldValue } from './field-value';
import { requireExisting } from './existing';

/**
 * `read`: one dict per id, `id` always included, values in Odoo's wire shapes: many2one as
 * `[id, display_name]` (a bare id with `load` other than '_classic_read'), x2many as id lists, empty as
 * `false`, numbers as numbers.
 */
export function readRecords(
  env: Env,
  model: ModelDef,
  ids: readonly number[],
  fieldNames?: readonly string[] | null,
  load: string | null = '_classic_read',
): OdooStruct[] {
  checkAccess(env, model, 'read');
  const names = resolveFieldNames(model, fieldNames);
  requireExisting(env, model, ids);
  const table = env.db.table(model.name);
  return ids.map((id) => {
    const row = table.get(id)!;
    const record: OdooStruct = { id };
    for (const name of names) {
      if (name === 'id') continue;
      record[name] = toWire(env, model.fields[name]!, fieldValue(env, model, row, name), load);
    }
    return record;
  });
}

export function resolveFieldNames(model: ModelDef, fieldNames?: readonly string[] | null): readonly string[] {
  if (!fieldNames || fieldNames.length === 0) return Object.keys(model.fields);
  for (const name of fieldNames) if (!model.fields[name]) throw faults.invalidField(model.name, name);
  return fieldNames;
}

export function toWire(env: Env, field: FieldDef, value: StoredValue | undefined, load: string | null): OdooValue {
  switch (field.type) {
    case 'integer':
    case 'float':
    case 'monetary':
      return typeof value === 'number' ? value : 0;
    case 'boolean':
      return value === true;
    case 'many2one': {
      if (typeof value !== 'number') return false;
      if (load !== '_classic_read') return value;
      const name = displayNameOf(env, env.registry.model(field.relation), value);
      return name === false ? false : [value, name];
    }
    case 'one2many':
    case 'many2many':
      return Array.isArray(value) ? [...value] : [];
    case 'json':
      return value !== undefined && value !== false && typeof value === 'object' ? (JSON.parse(JSON.stringify(value)) as OdooValue) : false;
    default:
      return typeof value === 'string' ? value : false;
  }
}
