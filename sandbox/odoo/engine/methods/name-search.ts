import { combine, DOMAIN_OPERATORS, leaf, parseDomain, type DomainOperator } from '../domain-parse';
import type { Env } from '../env';
import { faults } from '../faults';
import type { ModelDef } from '../model-def';
import { searchNode } from '../orm/search';
import { displayNameOf } from '../orm/field-value';
import { pyRepr } from '../py-repr';
import type { OdooValue } from '../values';

const NEGATIVE: ReadonlySet<string> = new Set(['!=', 'not like', 'not ilike', 'not in']);

/**
 * `name_search(name, domain, operator, limit)`: `[[id, display_name], ...]` of records whose searchable
 * names match, in the model's order. An empty name with a like operator matches everything.
 */
export function nameSearch(env: Env, model: ModelDef, name: unknown, domain: unknown, operator: unknown, limit: unknown): OdooValue {
  if (typeof operator !== 'string' || !(DOMAIN_OPERATORS as readonly string[]).includes(operator)) {
    throw faults.value(`Invalid operator ${pyRepr(operator)}`);
  }
  const text = name === false || name === null || name === undefined ? '' : String(name);
  const base = parseDomain(domain);
  const likeAll = text === '' && ['ilike', 'like', '=ilike', '=like'].includes(operator);
  const node = likeAll
    ? base
    : combine('and', [
        base,
        combine(
          NEGATIVE.has(operator) ? 'and' : 'or',
          model.recNamesSearch.map((field) => leaf(field, operator as DomainOperator, text)),
        ),
      ]);
  const ids = searchNode(env, model, node, { limit: typeof limit === 'number' ? limit : null });
  return ids.map((id) => [id, displayNameOf(env, model, id) || '']);
}
