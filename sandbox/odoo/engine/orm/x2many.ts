import type { Env, Vals } from '../env';
import { faults } from '../faults';
import type { Many2manyField, One2manyField } from '../fields';
import type { ModelDef } from '../model-def';
import { pyRepr } from '../py-repr';
import { isPlainObject } from '../values';
import { foreignKeyName } from './coerce';

/**
 * x2many command tuples: (0,0,vals) create, (1,id,vals) update, (2,id,0) delete, (3,id,0) unlink,
 * (4,id,0) link, (5,0,0) clear, (6,0,ids) set. A bare list of ids means "set"; a bare dict "create";
 * False "clear". Sub-records go through `env.orm`, so their own rules and hooks apply.
 */
export type Command =
  | { readonly code: 0; readonly vals: Vals }
  | { readonly code: 1; readonly id: number; readonly vals: Vals }
  | { readonly code: 2 | 3 | 4; readonly id: number }
  | { readonly code: 5 }
  | { readonly code: 6; readonly ids: readonly number[] };

export function parseCommands(model: ModelDef, name: string, value: unknown): Command[] {
  if (value === false || value === null || value === undefined) return [{ code: 5 }];
  if (!Array.isArray(value)) throw faults.value(`Wrong value for ${model.name}.${name}: ${pyRepr(value)}`);
  if (value.length > 0 && value.every((item) => typeof item === 'number')) return [{ code: 6, ids: value as number[] }];
  return value.map((item): Command => {
    if (isPlainObject(item)) return { code: 0, vals: item };
    if (!Array.isArray(item) || item.length === 0) throw invalidCommand(item);
    const [code, id, third] = item as [unknown, unknown, unknown];
    switch (code) {
      case 0:
        return { code: 0, vals: isPlainObject(third) ? third : {} };
      case 1:
        if (!isPlainObject(third)) throw invalidCommand(item);
        return { code: 1, id: commandId(id, item), vals: third };
      case 2:
      case 3:
      case 4:
        return { code, id: commandId(id, item) };
      case 5:
        return { code: 5 };
      case 6:
        if (!Array.isArray(third) || !third.every((x) => typeof x === 'number' && Number.isInteger(x))) throw invalidCommand(item);
        return { code: 6, ids: third as number[] };
      default:
        throw invalidCommand(item);
    }
  });
}

function commandId(id: unknown, item: unknown): number {
  if (typeof id === 'number' && Number.isInteger(id)) return id;
  throw invalidCommand(item);
}

function invalidCommand(item: unknown): Error {
  return faults.value(`Invalid x2many command: ${pyRepr(item)}`);
}

/** Applies commands to a one2many of one parent record. */
export function applyOne2many(env: Env, parent: ModelDef, parentId: number, name: string, field: One2manyField, value: unknown): void {
  const lineModel = env.registry.model(field.relation);
  const lines = env.db.table(field.relation);
  const inverse = lineModel.fields[field.inverse];
  // Removing a line from a one2many deletes it when it cannot exist on its own, else it just drops the link.
  const deletesOnRemove = inverse?.type === 'many2one' && (inverse.required === true || inverse.ondelete === 'cascade');
  const current = (): number[] =>
    [...lines.lookup(field.inverse, parentId)].filter((id) => !field.subset || field.subset.matches(lines.get(id)!));
  const remove = (ids: readonly number[]): void => {
    if (ids.length === 0) return;
    if (deletesOnRemove) env.orm.unlink(env, field.relation, ids);
    else env.orm.write(env, field.relation, ids, { [field.inverse]: false });
  };

  for (const command of parseCommands(parent, name, value)) {
    switch (command.code) {
      case 0:
        env.orm.create(env, field.relation, [{ ...field.subset?.defaults, ...command.vals, [field.inverse]: parentId }]);
        break;
      case 1:
        env.orm.write(env, field.relation, [command.id], command.vals);
        break;
      case 2:
        env.orm.unlink(env, field.relation, [command.id]);
        break;
      case 3:
        remove([command.id]);
        break;
      case 4:
        env.orm.write(env, field.relation, [command.id], { [field.inverse]: parentId });
        break;
      case 5:
        remove(current());
        break;
      case 6: {
        const keep = new Set(command.ids);
        remove(current().filter((id) => !keep.has(id)));
        const linked = command.ids.filter((id) => lines.get(id)?.[field.inverse] !== parentId);
        if (linked.length > 0) env.orm.write(env, field.relation, linked, { [field.inverse]: parentId });
        break;
      }
    }
  }
}

/** Applies commands to a many2many value and returns the new id list. */
export function applyMany2many(env: Env, model: ModelDef, name: string, field: Many2manyField, current: readonly number[], value: unknown): number[] {
  const targets = env.db.table(field.relation);
  const requireTarget = (id: number): void => {
    if (!targets.get(id)) throw faults.foreignKey(model.description, model.name, foreignKeyName(model, name));
  };
  let ids = [...current];
  for (const command of parseCommands(model, name, value)) {
    switch (command.code) {
      case 0:
        ids.push(...env.orm.create(env, field.relation, [command.vals]));
        break;
      case 1:
        env.orm.write(env, field.relation, [command.id], command.vals);
        break;
      case 2:
        env.orm.unlink(env, field.relation, [command.id]);
        ids = ids.filter((id) => id !== command.id);
        break;
      case 3:
        ids = ids.filter((id) => id !== command.id);
        break;
      case 4:
        requireTarget(command.id);
        if (!ids.includes(command.id)) ids.push(command.id);
        break;
      case 5:
        ids = [];
        break;
      case 6:
        command.ids.forEach(requireTarget);
        ids = [...new Set(command.ids)];
        break;
    }
  }
  return ids;
}
