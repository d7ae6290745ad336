import { checkAccess } from '../access';
import type { Env, Vals } from '../env';
import { faults } from '../faults';
import type { StoredValue } from '../fields';
import { MAGIC_FIELDS, type ModelDef } from '../model-def';
import { pyRepr } from '../py-repr';
import { isPlainObject } from '../values';
import { coerceForWrite } from './coerce';
import { checkConstraints } from './constraints';
import { requireExisting } from './existing';
import { applyMany2many, applyOne2many } from './x2many';

/**
 * `write(ids, vals)`: the same vals on every record, write uid/date stamped. Writes to computed and
 * engine-maintained fields are dropped, as Odoo drops them.
 */
export function writeRecords(env: Env, model: ModelDef, ids: readonly number[], input: unknown): void {
  if (!isPlainObject(input)) throw faults.type(`write() expects a dict of field values, got ${pyRepr(input)}`);
  checkAccess(env, model, 'write');
  for (const key of Object.keys(input)) if (!model.fields[key]) throw faults.invalidFieldIn(model.name, key);
  requireExisting(env, model, ids);
  if (ids.length === 0) return;
  const vals: Vals = model.hooks?.prepareWrite ? model.hooks.prepareWrite(env, ids, { ...input }) : input;

  const table = env.db.table(model.name);
  // Plain values are converted once: the same vals go to every record.
  const plain: [string, StoredValue][] = [];
  for (const [name, value] of Object.entries(vals)) {
    const field = model.fields[name];
    if (!field || MAGIC_FIELDS.has(name) || field.compute || field.type === 'one2many' || field.type === 'many2many') continue;
    plain.push([name, coerceForWrite(env, model, name, field, value)]);
  }
  for (const id of ids) {
    const row = table.get(id);
    if (!row) continue;
    for (const [name, value] of plain) table.set(row, name, value);
    for (const [name, value] of Object.entries(vals)) {
      const field = model.fields[name];
      if (!field || field.compute) continue;
      if (field.type === 'one2many') applyOne2many(env, model, id, name, field, value);
      else if (field.type === 'many2many') {
        const current = Array.isArray(row[name]) ? (row[name] as number[]) : [];
        table.set(row, name, applyMany2many(env, model, name, field, current, value));
      }
    }
    table.set(row, 'write_uid', env.uid);
    table.set(row, 'write_date', env.now);
  }
  model.hooks?.afterWrite?.(env, ids, new Set(Object.keys(vals)));
  checkConstraints(env, model, ids);
}
