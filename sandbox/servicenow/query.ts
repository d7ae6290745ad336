import type { Row } from './state';
import { fieldDef, tableDef, type TableDef } from './tables';

/**
 * Encoded queries (B.3): `^` AND, `^OR` OR with the previous condition, `^NQ` OR between whole groups,
 * `ORDERBY`/`ORDERBYDESC`, dot-walking through references. Conditions on unknown fields and unknown
 * operators are dropped silently, as ServiceNow does by default.
 */
type Op = (value: string, operand: string, type: string) => boolean;

const compare = (left: string, right: string, type: string): number => {
  if (type === 'number' && left !== '' && right !== '' && Number.isFinite(Number(left)) && Number.isFinite(Number(right))) return Number(left) - Number(right);
  return left < right ? -1 : left > right ? 1 : 0;
};
const list = (operand: string): string[] => operand.split(',').map((item) => item.trim());

/** Longest names first so `NOT LIKE` wins over `LIKE` and `<=` over `<`. */
const OPERATORS: ReadonlyArray<readonly [string, Op]> = [
  ['ISNOTEMPTY', (v) => v !== ''],
  ['ISEMPTY', (v) => v === ''],
  ['NOTEMPTY', (v) => v !== ''],
  ['EMPTYSTRING', (v) => v === ''],
  ['EMPTY', (v) => v === ''],
  ['ANYTHING', () => true],
  ['STARTSWITH', (v, o) => v.toLowerCase().startsWith(o.toLowerCase())],
  ['ENDSWITH', (v, o) => v.toLowerCase().endsWith(o.toLowerCase())],
  ['NOT LIKE', (v, o) => !v.toLowerCase().includes(o.toLowerCase())],
  ['LIKE', (v, o) => v.toLowerCase().includes(o.toLowerCase())],
  ['NOT IN', (v, o) => !list(o).includes(v)],
  ['IN', (v, o) => list(o).includes(v)],
  ['BETWEEN', (v, o, t) => {
    const [low = '', high = ''] = o.split('@');
    return compare(v, low, t) >= 0 && compare(v, high, t) <= 0;
  }],
  ['!=', (v, o) => v !== o],
  ['<=', (v, o, t) => compare(v, o, t) <= 0],
  ['>=', (v, o, t) => compare(v, o, t) >= 0],
  ['<', (v, o, t) => compare(v, o, t) < 0],
  ['>', (v, o, t) => compare(v, o, t) > 0],
  ['=', (v, o) => v === o],
];

interface Condition {
  field: string;
  op: Op;
  operand: string;
}

export interface ParsedQuery {
  /** OR of groups; each group is an AND of clauses; each clause an OR of conditions. */
  groups: Condition[][][];
  order: Array<{ field: string; descending: boolean }>;
}

/** The value of a field or a dot-walked path (`supplier.erp_supplier_id`); undefined when the path names no field. */
export function fieldValue(rows: (table: string, sysId: string) => Row | undefined, table: TableDef, row: Row | undefined, path: string): string | undefined {
  const [head = '', ...rest] = path.split('.');
  const def = fieldDef(table, head);
  if (!def && !(table.staging && row && head in row)) return undefined;
  const value = row?.[head] ?? '';
  if (rest.length === 0) return value;
  const target = def?.type === 'reference' && def.table ? tableDef(def.table) : undefined;
  if (!target) return undefined;
  return fieldValue(rows, target, value === '' ? undefined : rows(target.name, value), rest.join('.')) ?? undefined;
}

function fieldType(table: TableDef, path: string): string {
  const [head = '', ...rest] = path.split('.');
  const def = fieldDef(table, head);
  if (rest.length === 0 || !def?.table) return def?.type ?? 'string';
  const target = tableDef(def.table);
  return target ? fieldType(target, rest.join('.')) : 'string';
}

/** `javascript:gs.dateGenerate('2025-01-31','23:00:00')` as the GMT string it stands for. */
function operandValue(raw: string): string {
  const generated = /^javascript:gs\.dateGenerate\('(\d{4}-\d{2}-\d{2})'\s*,\s*'(\d{2}:\d{2}:\d{2})'\)$/.exec(raw.trim());
  return generated ? `${generated[1]} ${generated[2]}` : raw;
}

function parseCondition(text: string): Condition | undefined {
  const field = /^[A-Za-z0-9_.]+?(?=[A-Z!<>=]|NOT |$)/.exec(text)?.[0];
  if (!field) return undefined;
  const rest = text.slice(field.length);
  for (const [name, op] of OPERATORS) {
    if (rest.startsWith(name)) return { field, op, operand: operandValue(rest.slice(name.length)) };
  }
  return undefined;
}

export function parseQuery(encoded: string): ParsedQuery {
  const parsed: ParsedQuery = { groups: [], order: [] };
  for (const groupText of encoded.split('^NQ')) {
    const group: Condition[][] = [];
    for (const token of groupText.split('^')) {
      if (token === '' || token === 'EQ') continue;
      if (token.startsWith('ORDERBYDESC')) parsed.order.push({ field: token.slice(11), descending: true });
      else if (token.startsWith('ORDERBY')) parsed.order.push({ field: token.slice(7), descending: false });
      else if (token.startsWith('OR') && group.length > 0) {
        const condition = parseCondition(token.slice(2));
        if (condition) group[group.length - 1]!.push(condition);
      } else {
        const condition = parseCondition(token);
        if (condition) group.push([condition]);
      }
    }
    parsed.groups.push(group);
  }
  return parsed;
}

/** Filters and sorts; conditions on fields the table does not have are left out, as at ServiceNow. */
export function runQuery(query: ParsedQuery, table: TableDef, rows: Row[], lookup: (table: string, sysId: string) => Row | undefined): Row[] {
  const holds = (condition: Condition, row: Row): boolean => {
    const value = fieldValue(lookup, table, row, condition.field);
    if (value === undefined) return true; // an unknown field: the condition is dropped
    return condition.op(value, condition.operand, fieldType(table, condition.field));
  };
  const groups = query.groups.filter((group) => group.length > 0);
  const matched = groups.length === 0 ? [...rows] : rows.filter((row) => groups.some((group) => group.every((clause) => clause.some((condition) => holds(condition, row)))));
  const order = query.order.filter(({ field }) => fieldDef(table, field.split('.')[0] ?? '') !== undefined);
  if (order.length === 0) return matched;
  return matched.sort((a, b) => {
    for (const { field, descending } of order) {
      const diff = compare(fieldValue(lookup, table, a, field) ?? '', fieldValue(lookup, table, b, field) ?? '', fieldType(table, field));
      if (diff !== 0) return descending ? -diff : diff;
    }
    return 0;
  });
}
