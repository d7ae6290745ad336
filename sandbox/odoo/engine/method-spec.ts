import type { Env } from './env';
import type { ModelDef } from './model-def';
import type { OdooValue } from './values';

/**
 * A public model method as RPC sees it. `kind` mirrors Odoo's decorators: `model` (@api.model, no ids),
 * `create` (@api.model_create_multi: a dict gives an id, a list gives ids), `records` (ids first).
 */
export type MethodKind = 'model' | 'create' | 'records';

export interface ParamSpec {
  readonly name: string;
  /** Absent: the parameter is required. */
  readonly default?: unknown;
  /** Older names still accepted by keyword (name_search's `args`, renamed `domain` in 18). */
  readonly aliases?: readonly string[];
}

/** Arguments bound to parameter names, Python style. */
export type BoundArgs = Readonly<Record<string, unknown>>;

export interface MethodSpec {
  readonly name: string;
  readonly kind: MethodKind;
  readonly params: readonly ParamSpec[];
  /** Extra keyword arguments swallowed by a `**kwargs` (search_read passes `load` on to read). */
  readonly extraKeywords?: readonly string[];
  run(env: Env, model: ModelDef, ids: readonly number[], args: BoundArgs): OdooValue;
}
