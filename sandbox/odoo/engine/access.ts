import type { AccessOperation, Env } from './env';
import { faults } from './faults';
import type { ModelDef } from './model-def';

/**
 * Model-level access rights (Odoo's ir.model.access) and the AccessError they raise. Record rules are
 * out of scope: a user who may read a model reads all of it.
 */
export type ModelRights = Readonly<Record<AccessOperation, boolean>>;

export type UserRights =
  | { readonly kind: 'all' }
  | { readonly kind: 'read-only' }
  | { readonly kind: 'per-model'; readonly models: Readonly<Record<string, Partial<ModelRights>>> };

export function rightsAllow(rights: UserRights, model: string, operation: AccessOperation): boolean {
  switch (rights.kind) {
    case 'all':
      return true;
    case 'read-only':
      return operation === 'read';
    case 'per-model':
      return rights.models[model]?.[operation] === true;
  }
}

const OPERATION_VERB: Readonly<Record<AccessOperation, string>> = {
  read: 'access',
  write: 'modify',
  create: 'create',
  unlink: 'delete',
};

/** The text of `ir.model.access.check`'s AccessError. */
export function accessErrorMessage(model: ModelDef, operation: AccessOperation): string {
  const groups = model.access[operation];
  const header = `You are not allowed to ${OPERATION_VERB[operation]} '${model.description}' (${model.name}) records.`;
  const groupPart =
    groups.length > 0
      ? `This operation is allowed for the following groups:\n${groups.map((group) => `\t- ${group}`).join('\n')}`
      : 'No group currently allows this operation.';
  return `${header}\n\n${groupPart}\n\nContact your administrator to request access if necessary.`;
}

export function checkAccess(env: Env, model: ModelDef, operation: AccessOperation): void {
  if (env.su || env.canAccess(model.name, operation)) return;
  throw faults.accessError(accessErrorMessage(model, operation));
}
