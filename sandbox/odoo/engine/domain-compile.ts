import { combine, leaf, leafText, mentionsField, parseDomain, type DomainLeaf, type DomainNode, type DomainOperator } from './domain-parse';
import { domainScalar, type ScalarKey } from './domain-values';
import { activeTest, type Env } from './env';
import { faults } from './faults';
import { isRelational, isStoredInRow, type FieldDef, type One2manyField, type RelationalField, type Row, type StoredValue } from './fields';
import { likePattern } from './like-pattern';
import { pyRepr } from './py-repr';
import type { ModelDef } from './model-def';

/**
 * Compiles a parsed domain into a row predicate, with Odoo's semantics: `False` means empty, `!=` and
 * negative operators also match empty values (SQL `... OR col IS NULL`), dotted paths and `any` follow
 * relations like subqueries, string values on relational fields go through the target's name search.
 */
export type RowPredicate = (row: Row) => boolean;

const ALWAYS: RowPredicate = () => true;
const NEVER: RowPredicate = () => false;

/** Adds `active = True` unless the model has no `active`, the domain names it, or active_test is off. */
export function withActiveTest(model: ModelDef, node: DomainNode, enabled: boolean): DomainNode {
  if (!model.hasActive || !enabled || mentionsField(node, 'active')) return node;
  const activeLeaf = leaf('active', '=', true);
  if (node.kind === 'constant' && node.value) return activeLeaf;
  return combine('and', [node, activeLeaf]);
}

export function compileDomain(env: Env, model: ModelDef, node: DomainNode): RowPredicate {
  switch (node.kind) {
    case 'constant':
      return node.value ? ALWAYS : NEVER;
    case 'not': {
      const inner = compileDomain(env, model, node.child);
      return (row) => !inner(row);
    }
    case 'and': {
      const parts = node.children.map((child) => compileDomain(env, model, child));
      return (row) => parts.every((part) => part(row));
    }
    case 'or': {
      const parts = node.children.map((child) => compileDomain(env, model, child));
      return (row) => parts.some((part) => part(row));
    }
    case 'leaf':
      return compileLeaf(env, model, node);
  }
}

/** Ids of the records of `model` matching `node` (a subquery), with or without the active test. */
export function selectIds(env: Env, model: ModelDef, node: DomainNode, useActiveTest: boolean): Set<number> {
  const predicate = compileDomain(env, model, withActiveTest(model, node, useActiveTest));
  const ids = new Set<number>();
  for (const row of env.db.table(model.name).rows.values()) if (predicate(row)) ids.add(row.id);
  return ids;
}

/** Records whose searchable names match, as `name_search` and `('partner_id', 'ilike', 'acme')` find them. */
export function nameMatchIds(env: Env, model: ModelDef, operator: DomainOperator, value: unknown, useActiveTest: boolean): Set<number> {
  const node = combine(
    'or',
    model.recNamesSearch.map((name) => leaf(name, operator, value)),
  );
  return selectIds(env, model, node, useActiveTest);
}

function compileLeaf(env: Env, model: ModelDef, original: DomainLeaf): RowPredicate {
  const dot = original.path.indexOf('.');
  const head = dot < 0 ? original.path : original.path.slice(0, dot);
  const field = model.fields[head];
  if (!field) throw invalidLeafField(model, head, original);
  if (dot >= 0) {
    // `partner_id.supplier_rank > 0` is `partner_id any [supplier_rank > 0]`.
    if (!isRelational(field)) throw invalidLeafField(model, original.path, original);
    return compileAny(env, model, head, field, false, leaf(original.path.slice(dot + 1), original.operator, original.value));
  }
  const node = rewriteLeaf(field, original);
  if (typeof node === 'boolean') return node ? ALWAYS : NEVER;
  switch (node.operator) {
    case 'any':
    case 'not any':
      if (!isRelational(field)) throw faults.value(`Cannot use 'any' with non-relational fields in condition ${leafText(node)}`);
      return compileAny(env, model, head, field, node.operator === 'not any', parseDomain(node.value));
    case 'child_of':
    case 'parent_of':
      return compileHierarchy(env, model, head, field, node);
    default:
      if (isRelational(field)) return compileRelational(env, model, head, field, node);
      if (field.type === 'json') return compileDistribution(env, model, head, field, node);
      return compileScalar(env, model, head, field, node);
  }
}

/**
 * Odoo 19's condition rewrites that change the meaning of a leaf: a list compared with `=`/`!=` is
 * `in`/`not in` (an empty list meaning "not set"), and a pattern operator with an empty value either
 * matches everything, nothing, or tests whether the field is set.
 */
function rewriteLeaf(field: FieldDef, node: DomainLeaf): DomainLeaf | boolean {
  const { operator, value } = node;
  if ((operator === '=' || operator === '!=') && Array.isArray(value)) {
    return leaf(node.path, operator === '=' ? 'in' : 'not in', value.length === 0 ? [false] : value);
  }
  if (operator.endsWith('like') && (value === false || value === null || value === undefined || value === '' || value === 0)) {
    const matches = operator.startsWith('not') === operator.includes('=');
    if (isRelational(field) || operator.includes('=')) return leaf(node.path, matches ? '!=' : '=', false);
    return matches;
  }
  return node;
}

function invalidLeafField(model: ModelDef, path: string, node: DomainLeaf): Error {
  return faults.value(`Invalid field ${model.name}.${path} in condition ${leafText(node)}`);
}

// ---------------------------------------------------------------------------------------------------
// Relational fields

/** Ids a relational field holds on a row: [] or [id] for many2one, the line ids for x2many. */
function relatedIds(env: Env, model: ModelDef, name: string, field: RelationalField): (row: Row) => readonly number[] {
  if (field.type === 'one2many' && !field.compute) {
    const lines = env.db.table(field.relation);
    const subset = field.subset;
    return (row) => {
      const ids = lines.lookup(field.inverse, row.id);
      if (!subset) return [...ids];
      const kept: number[] = [];
      for (const id of ids) if (subset.matches(lines.get(id)!)) kept.push(id);
      return kept;
    };
  }
  const read = valueReader(env, model, name, field);
  return (row) => {
    const value = read(row);
    if (typeof value === 'number') return [value];
    return Array.isArray(value) ? value : [];
  };
}

function compileAny(env: Env, model: ModelDef, name: string, field: RelationalField, negate: boolean, sub: DomainNode): RowPredicate {
  const comodel = env.registry.model(field.relation);
  // A record may point at an archived one, so many2one subqueries ignore active_test, as Odoo's do.
  const matching = selectIds(env, comodel, sub, field.type !== 'many2one' && activeTest(env));
  let test: RowPredicate;
  if (field.type === 'one2many' && !field.compute) {
    const parents = parentsOf(env, field, matching);
    test = (row) => parents.has(row.id);
  } else {
    const ids = relatedIds(env, model, name, field);
    test = (row) => ids(row).some((id) => matching.has(id));
  }
  return negate ? (row) => !test(row) : test;
}

function parentsOf(env: Env, field: One2manyField, lineIds: ReadonlySet<number>): Set<number> {
  const lines = env.db.table(field.relation);
  const parents = new Set<number>();
  for (const id of lineIds) {
    const line = lines.get(id);
    if (!line || (field.subset && !field.subset.matches(line))) continue;
    const parent = line[field.inverse];
    if (typeof parent === 'number') parents.add(parent);
  }
  return parents;
}

const POSITIVE_OF: Partial<Record<DomainOperator, DomainOperator>> = {
  '!=': '=',
  'not in': 'in',
  'not like': 'like',
  'not ilike': 'ilike',
};

function compileRelational(env: Env, model: ModelDef, name: string, field: RelationalField, node: DomainLeaf): RowPredicate {
  let operator = node.operator;
  const value = node.value;
  if (operator === '=?') {
    if (value === false || value === null || value === undefined) return ALWAYS;
    operator = '=';
  }
  const ids = relatedIds(env, model, name, field);
  const comodel = env.registry.model(field.relation);
  const positive = POSITIVE_OF[operator] ?? operator;
  const negate = positive !== operator;
  const byName =
    isLike(positive) ||
    typeof value === 'string' ||
    (Array.isArray(value) && value.some((item) => typeof item === 'string'));

  if (byName) {
    // `('partner_id', 'ilike', 'acme')` matches through the target's name search.
    const matching = new Set<number>();
    const useActive = field.type !== 'many2one' && activeTest(env);
    if (positive === 'in') {
      for (const item of asList(value)) {
        if (typeof item === 'number') matching.add(item);
        else if (typeof item === 'string') for (const id of nameMatchIds(env, comodel, '=', item, useActive)) matching.add(id);
      }
    } else {
      for (const id of nameMatchIds(env, comodel, positive, value === false ? '' : String(value), useActive)) matching.add(id);
    }
    const includesEmpty = positive === 'in' && asList(value).some((item) => item === false || item === null);
    const test: RowPredicate = (row) => {
      const held = ids(row);
      return (includesEmpty && held.length === 0) || held.some((id) => matching.has(id));
    };
    return negate ? (row) => !test(row) : test;
  }

  switch (positive) {
    case '=':
    case 'in': {
      const list = operator === '=' || operator === '!=' ? (Array.isArray(value) ? value : [value]) : asList(value);
      const wanted = new Set<number>();
      let includesEmpty = false;
      for (const item of list) {
        if (item === false || item === null || item === undefined) includesEmpty = true;
        else wanted.add(toId(item, comodel));
      }
      const test: RowPredicate = (row) => {
        const held = ids(row);
        return (includesEmpty && held.length === 0) || held.some((id) => wanted.has(id));
      };
      return negate ? (row) => !test(row) : test;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (value === false || value === null) return NEVER;
      const bound = toId(value, comodel);
      return (row) => ids(row).some((id) => compare(id, bound, positive));
    }
    default:
      throw faults.value(`Invalid operator in condition ${leafText(node)}`);
  }
}

function toId(value: unknown, comodel: ModelDef): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw faults.type(`Invalid argument to get ids from ${comodel.name}: ${pyRepr(value)}`);
}

// ---------------------------------------------------------------------------------------------------
// Hierarchies

function compileHierarchy(env: Env, model: ModelDef, name: string, field: FieldDef, node: DomainLeaf): RowPredicate {
  let target: ModelDef;
  if (name === 'id') target = model;
  else if (isRelational(field)) target = env.registry.model(field.relation);
  else {
    throw faults.value(
      `Cannot execute ${node.operator} for ${model.name}.${name}, works only for relational fields in condition ${leafText(node)}`,
    );
  }

  const roots = new Set<number>();
  for (const item of asList(node.value)) {
    if (typeof item === 'number') roots.add(item);
    else if (typeof item === 'string') for (const id of nameMatchIds(env, target, 'ilike', item, false)) roots.add(id);
  }
  const related = node.operator === 'child_of' ? descendants(env, target, roots) : ancestors(env, target, roots);
  if (name === 'id') return (row) => related.has(row.id);
  const ids = relatedIds(env, model, name, field as RelationalField);
  return (row) => ids(row).some((id) => related.has(id));
}

function descendants(env: Env, model: ModelDef, roots: ReadonlySet<number>): Set<number> {
  const result = new Set(roots);
  const parentName = model.parentName;
  if (!parentName) return result;
  const children = new Map<number, number[]>();
  for (const row of env.db.table(model.name).rows.values()) {
    const parent = row[parentName];
    if (typeof parent !== 'number') continue;
    const list = children.get(parent);
    if (list) list.push(row.id);
    else children.set(parent, [row.id]);
  }
  const queue = [...roots];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (!result.has(child)) {
        result.add(child);
        queue.push(child);
      }
    }
  }
  return result;
}

function ancestors(env: Env, model: ModelDef, roots: ReadonlySet<number>): Set<number> {
  const result = new Set(roots);
  const parentName = model.parentName;
  if (!parentName) return result;
  const table = env.db.table(model.name);
  for (const root of roots) {
    let parent = table.get(root)?.[parentName];
    while (typeof parent === 'number' && !result.has(parent)) {
      result.add(parent);
      parent = table.get(parent)?.[parentName];
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Scalar fields

function compileScalar(env: Env, model: ModelDef, name: string, field: FieldDef, node: DomainLeaf): RowPredicate {
  let operator = node.operator;
  const read = valueReader(env, model, name, field);
  if (operator === '=?') {
    if (node.value === false || node.value === null || node.value === undefined) return ALWAYS;
    operator = '=';
  }

  if (field.type === 'boolean') return compileBoolean(read, operator, node);

  const current = (row: Row): ScalarKey | false => {
    const value = read(row);
    if (value === undefined || value === false) return field.type === 'integer' || field.type === 'float' || field.type === 'monetary' ? 0 : false;
    return value as ScalarKey;
  };

  if (isLike(operator) || operator === 'not like' || operator === 'not ilike') {
    const text = node.value === false || node.value === null || node.value === undefined ? '' : String(node.value);
    const wrapped = operator === '=like' || operator === '=ilike' ? text : `%${text}%`;
    const pattern = likePattern(wrapped, operator.includes('ilike'));
    const negative = operator.startsWith('not');
    return (row) => {
      const value = current(row);
      if (value === false) return negative;
      return pattern.test(String(value)) !== negative;
    };
  }

  if (operator === 'in' || operator === 'not in') {
    const wanted = new Set<ScalarKey>();
    let includesEmpty = false;
    for (const item of asList(node.value)) {
      const key = domainScalar(field, item, operator);
      if (key === false) includesEmpty = true;
      else wanted.add(key);
    }
    if (operator === 'in') {
      return (row) => {
        const value = current(row);
        return value === false ? includesEmpty : wanted.has(value);
      };
    }
    return (row) => {
      const value = current(row);
      return value === false ? !includesEmpty : !wanted.has(value);
    };
  }

  const bound = domainScalar(field, node.value, operator);
  switch (operator) {
    case '=':
      return bound === false ? (row) => current(row) === false : (row) => current(row) === bound;
    case '!=':
      return bound === false ? (row) => current(row) !== false : (row) => current(row) !== bound;
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (bound === false) return NEVER;
      return (row) => {
        const value = current(row);
        return value !== false && compare(value, bound, operator);
      };
    default:
      throw faults.value(`Invalid operator in condition ${leafText(node)}`);
  }
}

function compileBoolean(read: (row: Row) => StoredValue | undefined, operator: DomainOperator, node: DomainLeaf): RowPredicate {
  const isTrue = (row: Row): boolean => read(row) === true;
  const truthy = (value: unknown): boolean => value !== false && value !== null && value !== undefined && value !== 0 && value !== '';
  switch (operator) {
    case '=':
      return truthy(node.value) ? isTrue : (row) => !isTrue(row);
    case '!=':
      return truthy(node.value) ? (row) => !isTrue(row) : isTrue;
    case 'in':
    case 'not in': {
      const values = asList(node.value).map(truthy);
      const matchesTrue = values.includes(true);
      const matchesFalse = values.includes(false);
      const positive: RowPredicate = (row) => (isTrue(row) ? matchesTrue : matchesFalse);
      return operator === 'in' ? positive : (row) => !positive(row);
    }
    default:
      throw faults.value(`Invalid operator in condition ${leafText(node)}`);
  }
}

/**
 * `analytic_distribution` searches like Odoo's analytic mixin: by analytic account ids (`in`, `=`) or
 * account names (`ilike`), matching any key of the distribution (keys may join several ids with ',').
 */
function compileDistribution(env: Env, model: ModelDef, name: string, field: FieldDef, node: DomainLeaf): RowPredicate {
  const read = valueReader(env, model, name, field);
  const accountIds = (row: Row): number[] => {
    const value = read(row);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
    return Object.keys(value).flatMap((key) => key.split(',').map(Number));
  };
  const operator = node.operator === '=?' ? '=' : node.operator;
  if ((operator === '=' || operator === '!=') && (node.value === false || node.value === null)) {
    return operator === '=' ? (row) => accountIds(row).length === 0 : (row) => accountIds(row).length > 0;
  }
  const positive = POSITIVE_OF[operator] ?? operator;
  const wanted = new Set<number>();
  const accounts = env.registry.model('account.analytic.account');
  if (isLike(positive)) {
    for (const id of nameMatchIds(env, accounts, positive, String(node.value), false)) wanted.add(id);
  } else if (positive === '=' || positive === 'in') {
    for (const item of asList(node.value)) {
      if (typeof item === 'number') wanted.add(item);
      else if (typeof item === 'string') for (const id of nameMatchIds(env, accounts, '=', item, false)) wanted.add(id);
    }
  } else {
    throw faults.value(`Invalid operator in condition ${leafText(node)}`);
  }
  const test: RowPredicate = (row) => accountIds(row).some((id) => wanted.has(id));
  return positive === operator ? test : (row) => !test(row);
}

// ---------------------------------------------------------------------------------------------------
// Helpers

function valueReader(env: Env, model: ModelDef, name: string, field: FieldDef): (row: Row) => StoredValue | undefined {
  if (name === 'id') return (row) => row.id;
  if (isStoredInRow(field)) return (row) => row[name];
  return (row) => env.orm.value(env, model.name, row, name);
}

function isLike(operator: DomainOperator): boolean {
  return operator === 'like' || operator === 'ilike' || operator === '=like' || operator === '=ilike';
}

/** `in` takes a list; Odoo also tolerates a single value there. */
function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [value];
}

function compare(left: ScalarKey, right: ScalarKey, operator: '<' | '<=' | '>' | '>='): boolean {
  switch (operator) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}
