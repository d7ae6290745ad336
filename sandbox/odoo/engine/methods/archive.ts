import type { MethodSpec } from '../method-spec';
import { recordAction } from './record-action';

/**
 * `action_archive` / `action_unarchive` on models with an `active` field: a write of `active` on the
 * records that need it. Odoo's UI may open a wizard for some models (employee departure); over RPC it
 * is a plain write.
 */
export const ARCHIVE_METHODS: readonly MethodSpec[] = [
  recordAction('action_archive', 'write', (env, ids, model) => {
    const table = env.db.table(model.name);
    const active = ids.filter((id) => table.get(id)!['active'] !== false);
    if (active.length > 0) env.orm.write(env, model.name, active, { active: false });
    return true;
  }),
  recordAction('action_unarchive', 'write', (env, ids, model) => {
    const table = env.db.table(model.name);
    const archived = ids.filter((id) => table.get(id)!['active'] === false);
    if (archived.length > 0) env.orm.write(env, model.name, archived, { active: true });
    return true;
  }),
];
