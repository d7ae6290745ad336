import { checkAccess } from '../access';
import { sudo, type Env } from '../env';
import { faults } from '../faults';
import type { ModelDef } from '../model-def';
import { foreignKeyName } from './coerce';
import { requireExisting } from './existing';

/**
 * `unlink(ids)`: business checks first (beforeUnlink), then every reference is resolved like the
 * database's foreign keys: `cascade` deletes the referencing records, `set null` clears the link,
 * `restrict` refuses. The records' external ids (ir.model.data) go with them, as in Odoo.
 */
export function unlinkRecords(env: Env, model: ModelDef, ids: readonly number[]): void {
  checkAccess(env, model, 'unlink');
  const unique = [...new Set(ids)];
  requireExisting(env, model, unique);
  if (unique.length === 0) return;
  model.hooks?.beforeUnlink?.(env, unique);

  const doomed = new Set(unique);
  const system = sudo(env);
  for (const reference of env.registry.referencesTo(model.name)) {
    const table = env.db.table(reference.model.name);
    if (reference.def.type === 'many2many') {
      for (const row of table.rows.values()) {
        const held = row[reference.field];
        if (Array.isArray(held) && held.some((id) => doomed.has(id))) {
          table.set(row, reference.field, held.filter((id) => !doomed.has(id)));
        }
      }
      continue;
    }
    const referencing = referencingIds(env, reference.model, reference.field, doomed).filter(
      (id) => !(reference.model.name === model.name && doomed.has(id)),
    );
    if (referencing.length === 0) continue;
    switch (reference.def.ondelete) {
      case 'cascade':
        system.orm.unlink(system, reference.model.name, referencing.filter((id) => table.get(id)));
        break;
      case 'set null':
        for (const id of referencing) table.set(table.get(id)!, reference.field, false);
        break;
      case 'restrict':
        throw faults.foreignKey(reference.model.description, reference.model.name, foreignKeyName(reference.model, reference.field));
    }
  }

  const xmlids = env.db.table('ir.model.data');
  for (const id of unique) {
    for (const xmlid of [...xmlids.lookup('res_id', id)]) {
      if (xmlids.get(xmlid)?.['model'] === model.name) xmlids.remove(xmlid);
    }
  }

  const table = env.db.table(model.name);
  for (const id of unique) table.remove(id);
}

function referencingIds(env: Env, model: ModelDef, field: string, targets: ReadonlySet<number>): number[] {
  const table = env.db.table(model.name);
  const ids: number[] = [];
  if (table.isIndexed(field)) {
    for (const target of targets) ids.push(...table.lookup(field, target));
    return ids;
  }
  for (const row of table.rows.values()) {
    const value = row[field];
    if (typeof value === 'number' && targets.has(value)) ids.push(row.id);
  }
  return ids;
}
