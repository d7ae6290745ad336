import type { Env } from '../env';
import { faults } from '../faults';
import type { ModelDef } from '../model-def';

/** MissingError for ids that do not exist (never created, or deleted). */
export function requireExisting(env: Env, model: ModelDef, ids: readonly number[]): void {
  const table = env.db.table(model.name);
  const missing = [...new Set(ids.filter((id) => !table.get(id)))];
  if (missing.length > 0) throw faults.missing(model.name, missing, env.uid);
}
