import { activeTest, type Env } from '../env';
import type { One2manyField, Row, StoredValue } from '../fields';
import type { ModelDef } from '../model-def';
import { parseOrder, sortIds } from '../order';

/** The value of a field on a row: stored, computed, or (one2many) the lines pointing at it. */
export function fieldValue(env: Env, model: ModelDef, row: Row, name: string): StoredValue | undefined {
  if (name === 'id') return row.id;
  const field = model.fields[name];
  if (!field) return undefined;
  if (field.compute) return field.compute(row, env);
  if (field.type === 'one2many') return lineIds(env, field, row.id);
  return row[name];
}

/**
 * Lines of a one2many in the line model's order. Archived lines are left out under active_test, as
 * Odoo's one2many reads leave them out.
 */
export function lineIds(env: Env, field: One2manyField, parentId: number): number[] {
  const lineModel = env.registry.model(field.relation);
  const table = env.db.table(field.relation);
  const ids: number[] = [];
  const hideArchived = lineModel.hasActive && activeTest(env);
  for (const id of table.lookup(field.inverse, parentId)) {
    const line = table.get(id)!;
    if (field.subset && !field.subset.matches(line)) continue;
    if (hideArchived && line['active'] === false) continue;
    ids.push(id);
  }
  return ids.length > 1 ? sortIds(env, lineModel, ids, parseOrder(lineModel, lineModel.order)) : ids;
}

export function displayNameOf(env: Env, model: ModelDef, id: number): string | false {
  const row = env.db.table(model.name).get(id);
  if (!row) return false;
  const name = model.fields['display_name']!.compute!(row, env);
  return typeof name === 'string' ? name : false;
}
