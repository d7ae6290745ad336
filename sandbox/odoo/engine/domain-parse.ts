import { faults } from './faults';
import { pyRepr, pyTuple } from './py-repr';

/**
 * Odoo domains: Polish-notation lists of `'&'`, `'|'`, `'!'` and `[path, operator, value]` leaves,
 * implicitly AND-ed. Parsed into a tree once per search; values are checked later against the field.
 */
export const DOMAIN_OPERATORS = [
  '=',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  '=?',
  'like',
  'not like',
  'ilike',
  'not ilike',
  '=like',
  '=ilike',
  'in',
  'not in',
  'child_of',
  'parent_of',
  'any',
  'not any',
] as const;

export type DomainOperator = (typeof DOMAIN_OPERATORS)[number];

export interface DomainLeaf {
  readonly kind: 'leaf';
  readonly path: string;
  readonly operator: DomainOperator;
  readonly value: unknown;
}

export type DomainNode =
  | { readonly kind: 'and'; readonly children: readonly DomainNode[] }
  | { readonly kind: 'or'; readonly children: readonly DomainNode[] }
  | { readonly kind: 'not'; readonly child: DomainNode }
  | DomainLeaf
  | { readonly kind: 'constant'; readonly value: boolean };

export const TRUE_DOMAIN: DomainNode = { kind: 'constant', value: true };
export const FALSE_DOMAIN: DomainNode = { kind: 'constant', value: false };

const OPERATOR_SET: ReadonlySet<string> = new Set(DOMAIN_OPERATORS);
/** Spellings Odoo's normalize_leaf rewrites. */
const OPERATOR_ALIASES: Readonly<Record<string, DomainOperator>> = { '<>': '!=', '==': '=' };

/**
 * Parses a wire domain. `None`/`False`/`[]` mean "everything". Error texts are Odoo 19's (`Domain()`
 * in odoo/orm/domains.py), the version the engine reports.
 */
export function parseDomain(input: unknown): DomainNode {
  if (input === null || input === undefined || input === false || input === true) return input === false ? FALSE_DOMAIN : TRUE_DOMAIN;
  if (!Array.isArray(input)) throw faults.type(`Domain() invalid argument type for domain: ${pyRepr(input)}`);
  let position = 0;
  const parseOne = (): DomainNode => {
    if (position >= input.length) throw faults.value(`Domain() malformed domain ${pyRepr(input)}`);
    const token: unknown = input[position++];
    if (token === '&' || token === '|') {
      const left = parseOne();
      const right = parseOne();
      return combine(token === '&' ? 'and' : 'or', [left, right]);
    }
    if (token === '!') return { kind: 'not', child: parseOne() };
    return parseTerm(token);
  };
  const terms: DomainNode[] = [];
  while (position < input.length) terms.push(parseOne());
  if (terms.length === 0) return TRUE_DOMAIN;
  return terms.length === 1 ? terms[0]! : combine('and', terms);
}

export function leaf(path: string, operator: DomainOperator, value: unknown): DomainLeaf {
  return { kind: 'leaf', path, operator, value };
}

/** Builds an AND/OR node, flattening nested nodes of the same kind. */
export function combine(kind: 'and' | 'or', nodes: readonly DomainNode[]): DomainNode {
  const children: DomainNode[] = [];
  for (const node of nodes) {
    if (node.kind === kind) children.push(...node.children);
    else children.push(node);
  }
  return children.length === 1 ? children[0]! : { kind, children };
}

/** Does any leaf of the domain name the field itself (`active`), which switches off active_test? */
export function mentionsField(node: DomainNode, field: string): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.some((child) => mentionsField(child, field));
    case 'not':
      return mentionsField(node.child, field);
    case 'leaf':
      return node.path === field;
    default:
      return false;
  }
}

function parseTerm(token: unknown): DomainNode {
  if (!Array.isArray(token) || token.length !== 3) throw faults.value(`Domain() invalid item in domain: ${pyRepr(token)}`);
  const [left, rawOperator, value] = token as [unknown, unknown, unknown];
  // Odoo's TRUE_LEAF (1, '=', 1) and FALSE_LEAF (0, '=', 1).
  if (left === 1 && rawOperator === '=' && value === 1) return TRUE_DOMAIN;
  if (left === 0 && rawOperator === '=' && value === 1) return FALSE_DOMAIN;
  if (typeof left !== 'string') throw faults.type(`Domain() invalid arguments: ${pyTuple(token)}`);
  if (left === '') throw faults.type(`Empty field name in condition ${pyTuple(token)}`);
  if (typeof rawOperator !== 'string') throw faults.value(`Invalid operator in condition ${pyTuple(token)}`);
  // Upper case and the '<>' / '==' spellings are deprecated in 19 but still accepted.
  const lowered = rawOperator.toLowerCase();
  const operator = OPERATOR_ALIASES[lowered] ?? lowered;
  if (!OPERATOR_SET.has(operator)) throw faults.value(`Invalid operator in condition ${pyTuple(token)}`);
  return leaf(left, operator as DomainOperator, value);
}

/** A condition as Odoo prints it in its messages: `('name', '=', 'x')`. */
export function leafText(node: DomainLeaf): string {
  return pyTuple([node.path, node.operator, node.value]);
}
