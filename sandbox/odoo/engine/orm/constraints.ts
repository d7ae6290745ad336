import type { Env } from '../env';
import { faults } from '../faults';
import { isStoredInRow } from '../fields';
import type { ModelDef } from '../model-def';

/**
 * What Postgres enforces on INSERT/UPDATE: NOT NULL on required columns, CHECK and UNIQUE constraints,
 * reported through Odoo's IntegrityError-to-ValidationError wording.
 */
export function checkConstraints(env: Env, model: ModelDef, ids: readonly number[]): void {
  const table = env.db.table(model.name);
  for (const id of ids) {
    const row = table.get(id);
    if (!row) continue;
    for (const [name, field] of Object.entries(model.fields)) {
      if (!field.required || !isStoredInRow(field)) continue;
      const value = row[name];
      if (value === undefined || value === false) {
        throw faults.mandatoryFieldNotSet(model.description, model.name, field.string, name);
      }
    }
    for (const check of model.checks ?? []) {
      if (!check.holds(row)) throw faults.sqlConstraint(check.message);
    }
    for (const unique of model.uniques ?? []) {
      const [first, ...others] = unique.fields as [string, ...string[]];
      const values = unique.fields.map((name) => row[name]);
      if (values.some((value) => value === undefined || value === false)) continue;
      for (const otherId of table.lookup(first, row[first])) {
        if (otherId === id) continue;
        const other = table.get(otherId)!;
        if (others.every((name) => other[name] === row[name])) throw faults.sqlConstraint(unique.message);
      }
    }
  }
}
