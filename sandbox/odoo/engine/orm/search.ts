import { checkAccess } from '../access';
import { lowerBoundOf, upperBoundOf, type BoundValue } from '../domain-bounds';
import { compileDomain, withActiveTest, type RowPredicate } from '../domain-compile';
import { parseDomain, type DomainNode, type DomainOperator } from '../domain-parse';
import { domainScalar } from '../domain-values';
import { activeTest, type Env, type SearchOptions } from '../env';
import { faults } from '../faults';
import { isStoredInRow } from '../fields';
import type { ModelDef } from '../model-def';
import { parseOrder, sortIds, sortedTableIds, type OrderTerm } from '../order';
import { pyRepr } from '../py-repr';

/**
 * `search` without SQL. Three ways in, cheapest first: equality on an indexed field (an xmlid lookup,
 * `move_id = 7`) reads the hash index; otherwise the table's ids sorted by `order` (cached until the
 * table changes) are scanned from the first row the domain's bounds allow and the scan stops once
 * `offset + limit` rows matched. A cursor page over 100,000 records therefore costs about a page.
 */
export function searchRecords(env: Env, model: ModelDef, domain: unknown, options: SearchOptions = {}): number[] {
  return searchNode(env, model, parseDomain(domain), options);
}

/** `search` on an already parsed domain (name_search builds its own). */
export function searchNode(env: Env, model: ModelDef, parsed: DomainNode, options: SearchOptions = {}): number[] {
  const { node, predicate } = prepare(env, model, parsed);
  const terms = parseOrder(model, options.order);
  const offset = normalizeOffset(options.offset);
  const limit = normalizeLimit(options.limit);
  const table = env.db.table(model.name);

  const candidates = indexCandidates(env, model, node);
  if (candidates) {
    const matched: number[] = [];
    for (const id of candidates) {
      const row = table.get(id);
      if (row && predicate(row)) matched.push(id);
    }
    const sorted = sortIds(env, model, matched, terms);
    return sorted.slice(offset, limit === undefined ? undefined : offset + limit);
  }

  const ordered = sortedTableIds(env, model, terms);
  const result: number[] = [];
  let skipped = 0;
  for (let i = seekStart(env, model, ordered, terms[0]!, node); i < ordered.length; i++) {
    const row = table.get(ordered[i]!);
    if (!row || !predicate(row)) continue;
    if (skipped < offset) {
      skipped++;
      continue;
    }
    result.push(row.id);
    if (limit !== undefined && result.length >= limit) break;
  }
  return result;
}

/** `search_count(domain, limit)`: the count, capped at `limit` when one is given (16+). */
export function countRecords(env: Env, model: ModelDef, domain: unknown, limit?: number | null): number {
  const { node, predicate } = prepare(env, model, parseDomain(domain));
  const cap = normalizeLimit(limit);
  const table = env.db.table(model.name);
  const candidates = indexCandidates(env, model, node);
  let count = 0;
  const rows = candidates ? [...candidates].map((id) => table.get(id)) : table.rows.values();
  for (const row of rows) {
    if (row && predicate(row)) count++;
    if (cap !== undefined && count >= cap) break;
  }
  return count;
}

function prepare(env: Env, model: ModelDef, parsed: DomainNode): { node: DomainNode; predicate: RowPredicate } {
  checkAccess(env, model, 'read');
  const node = withActiveTest(model, parsed, activeTest(env));
  return { node, predicate: compileDomain(env, model, node) };
}

/** Odoo treats a falsy offset as 0. */
function normalizeOffset(offset: unknown): number {
  if (offset === undefined || offset === null || offset === false || offset === 0) return 0;
  if (typeof offset === 'number' && Number.isInteger(offset) && offset > 0) return offset;
  throw faults.value(`Invalid offset: ${pyRepr(offset)}`);
}

/** A falsy limit (None, False, 0) means no limit, as in `if limit: query.limit = limit`. */
function normalizeLimit(limit: unknown): number | undefined {
  if (limit === undefined || limit === null || limit === false || limit === 0) return undefined;
  if (typeof limit === 'number' && Number.isInteger(limit) && limit > 0) return limit;
  throw faults.value(`Invalid limit: ${pyRepr(limit)}`);
}

/** Ids from hash indexes when a conjunct is `field = v` / `field in [...]` on an indexed field or id. */
function indexCandidates(env: Env, model: ModelDef, node: DomainNode): ReadonlySet<number> | undefined {
  const table = env.db.table(model.name);
  const conjuncts = node.kind === 'and' ? node.children : [node];
  let best: Set<number> | undefined;
  for (const conjunct of conjuncts) {
    if (conjunct.kind !== 'leaf' || (conjunct.operator !== '=' && conjunct.operator !== 'in')) continue;
    const path = conjunct.path;
    if (path !== 'id' && !table.isIndexed(path)) continue;
    const field = model.fields[path];
    if (!field || (path !== 'id' && !isStoredInRow(field))) continue;
    const values: unknown[] = conjunct.operator === 'in' ? (Array.isArray(conjunct.value) ? conjunct.value : [conjunct.value]) : [conjunct.value];
    const numeric = path === 'id' || field.type === 'many2one' || field.type === 'integer';
    if (!values.every((value) => (numeric ? typeof value === 'number' : typeof value === 'string' && value !== ''))) continue;
    const ids = new Set<number>();
    for (const value of values as (string | number)[]) {
      if (path === 'id') {
        if (table.get(value as number)) ids.add(value as number);
      } else {
        for (const id of table.lookup(path, value)) ids.add(id);
      }
    }
    if (!best || ids.size < best.size) best = ids;
  }
  return best;
}

/** First position in `ordered` that can match, from the bound the domain puts on the leading sort column. */
function seekStart(env: Env, model: ModelDef, ordered: readonly number[], term: OrderTerm, node: DomainNode): number {
  const field = model.fields[term.field];
  if (!term.defaultNulls || !field || !isStoredInRow(field)) return 0;
  const numeric = field.type === 'integer' || field.type === 'float' || field.type === 'monetary';
  if (!numeric && field.type !== 'date' && field.type !== 'datetime') return 0;
  const valueOf = (value: unknown, operator: DomainOperator): BoundValue | undefined => {
    try {
      const key = domainScalar(field, value, operator);
      return typeof key === 'number' || typeof key === 'string' ? key : undefined;
    } catch {
      return undefined;
    }
  };
  const bound = term.descending ? upperBoundOf(node, term.field, valueOf) : lowerBoundOf(node, term.field, valueOf);
  if (!bound) return 0;
  const table = env.db.table(model.name);
  const keyAt = (i: number): BoundValue | null => {
    const row = table.get(ordered[i]!)!;
    if (term.field === 'id') return row.id;
    const value = row[term.field];
    if (typeof value === 'number' || typeof value === 'string') return value;
    return numeric ? 0 : null;
  };
  // Ascending (nulls last): rows before the bound fail it. Descending (nulls first): so do the nulls.
  const canMatch = (i: number): boolean => {
    const key = keyAt(i);
    if (!term.descending) return key === null || (bound.inclusive ? key >= bound.value : key > bound.value);
    return key !== null && (bound.inclusive ? key <= bound.value : key < bound.value);
  };
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (canMatch(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
