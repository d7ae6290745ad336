import { checkAccess } from '../access';
import type { AccessOperation, Env } from '../env';
import type { MethodSpec } from '../method-spec';
import type { ModelDef } from '../model-def';
import { requireExisting } from '../orm/existing';
import type { OdooValue } from '../values';

/**
 * A business method on records (`action_post`, `button_confirm`...): access right for `operation`
 * first, then the ids must exist, then the work.
 */
export function recordAction(
  name: string,
  operation: AccessOperation,
  work: (env: Env, ids: readonly number[], model: ModelDef) => OdooValue,
): MethodSpec {
  return {
    name,
    kind: 'records',
    params: [],
    run: (env, model, ids) => {
      checkAccess(env, model, operation);
      requireExisting(env, model, ids);
      return work(env, [...new Set(ids)], model);
    },
  };
}
