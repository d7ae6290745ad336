import type { DomainNode, DomainOperator } from './domain-parse';

/**
 * The range a domain implies for one field, so a search sorted on that field can start at the first
 * possible row instead of scanning from the top. A cursor page such as
 * `['|', ['write_date', '>', d], '&', ['write_date', '=', d], ['id', '>', n]]` implies `write_date >= d`.
 * Only a necessary condition: every row outside the range fails the domain.
 */
export type BoundValue = string | number;

export interface Bound {
  readonly value: BoundValue;
  readonly inclusive: boolean;
}

/** Converts a leaf value to the field's comparable form, or undefined when it cannot bound. */
export type BoundValueOf = (value: unknown, operator: DomainOperator) => BoundValue | undefined;

export function lowerBoundOf(node: DomainNode, field: string, valueOf: BoundValueOf): Bound | undefined {
  return boundOf(node, field, valueOf, 'lower');
}

export function upperBoundOf(node: DomainNode, field: string, valueOf: BoundValueOf): Bound | undefined {
  return boundOf(node, field, valueOf, 'upper');
}

type Side = 'lower' | 'upper';

function boundOf(node: DomainNode, field: string, valueOf: BoundValueOf, side: Side): Bound | undefined {
  switch (node.kind) {
    case 'and': {
      // Any conjunct's bound holds; keep the tightest.
      let best: Bound | undefined;
      for (const child of node.children) {
        const bound = boundOf(child, field, valueOf, side);
        if (bound && (!best || tighter(bound, best, side))) best = bound;
      }
      return best;
    }
    case 'or': {
      // Every branch must be bounded; the union is bounded by the loosest.
      let loosest: Bound | undefined;
      for (const child of node.children) {
        const bound = boundOf(child, field, valueOf, side);
        if (!bound) return undefined;
        if (!loosest || tighter(loosest, bound, side)) loosest = bound;
      }
      return loosest;
    }
    case 'leaf':
      return node.path === field ? leafBound(node.operator, node.value, valueOf, side) : undefined;
    default:
      return undefined;
  }
}

function leafBound(operator: DomainOperator, value: unknown, valueOf: BoundValueOf, side: Side): Bound | undefined {
  if (operator === 'in') {
    if (!Array.isArray(value) || value.length === 0) return undefined;
    let extreme: BoundValue | undefined;
    for (const item of value) {
      const converted = valueOf(item, '=');
      if (converted === undefined) return undefined;
      if (extreme === undefined || (side === 'lower' ? converted < extreme : converted > extreme)) extreme = converted;
    }
    return extreme === undefined ? undefined : { value: extreme, inclusive: true };
  }
  const converted = valueOf(value, operator);
  if (converted === undefined) return undefined;
  if (operator === '=') return { value: converted, inclusive: true };
  if (side === 'lower' && (operator === '>' || operator === '>=')) return { value: converted, inclusive: operator === '>=' };
  if (side === 'upper' && (operator === '<' || operator === '<=')) return { value: converted, inclusive: operator === '<=' };
  return undefined;
}

/** Is `a` a strictly narrower bound than `b` on this side? */
function tighter(a: Bound, b: Bound, side: Side): boolean {
  if (a.value === b.value) return !a.inclusive && b.inclusive;
  return side === 'lower' ? a.value > b.value : a.value < b.value;
}
