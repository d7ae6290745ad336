// Encoded queries (`sysparm_query`, B.3) built from parts, so a value from a message can never become
// a clause. ServiceNow documents no escape for `^` (its joiner) inside a value, so a value holding one
// is refused rather than guessed at; so are line breaks, `javascript:` values (the instance evaluates
// them as server-side script), a `,` inside an IN item and an `@` inside a BETWEEN bound. Field names
// and operators come from fixed forms. The result is the plain string: the URL encoding (`^` → %5E)
// is done once, where the query string is built.
import { glideDateTime } from './records';

export const COMPARISON_OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'LIKE', 'NOT LIKE', 'STARTSWITH', 'ENDSWITH'] as const;
export const LIST_OPERATORS = ['IN', 'NOT IN'] as const;
export const UNARY_OPERATORS = ['ISEMPTY', 'ISNOTEMPTY', 'EMPTYSTRING', 'ANYTHING'] as const;

export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];
export type ListOperator = (typeof LIST_OPERATORS)[number];
export type UnaryOperator = (typeof UNARY_OPERATORS)[number];
export type QueryScalar = string | number | boolean | Date;

export type Condition =
  | { field: string; op: ComparisonOperator; value: QueryScalar }
  | { field: string; op: ListOperator; values: ReadonlyArray<QueryScalar> }
  | { field: string; op: 'BETWEEN'; from: QueryScalar; to: QueryScalar }
  | { field: string; op: UnaryOperator };

export interface OrderBy {
  field: string;
  descending?: boolean;
}

/**
 * A query in ServiceNow's own shape: groups joined by `^NQ` (OR between groups); inside a group,
 * conditions joined by `^` (AND), each possibly with alternatives joined by `^OR`.
 */
export interface QuerySpec {
  /** Each inner array is one AND-ed condition whose entries are OR-ed (`a=1^ORa=2`). */
  where?: ReadonlyArray<Condition | ReadonlyArray<Condition>>;
  /** More groups, each OR-ed with the first (`^NQ`). */
  orGroups?: ReadonlyArray<ReadonlyArray<Condition | ReadonlyArray<Condition>>>;
  orderBy?: ReadonlyArray<OrderBy>;
}

export class EncodedQueryError extends Error {
  readonly code = 'MLC_SERVICENOW_QUERY';
  constructor(message: string) {
    super(message);
    this.name = 'EncodedQueryError';
  }
}

/** Plain and dot-walked column names (`company.stock_symbol`). */
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function checkField(field: string): string {
  if (!FIELD.test(field)) throw new EncodedQueryError(`"${field}" is not a column name (letters, digits, _ and dot-walks like company.name)`);
  return field;
}

function dateText(date: Date, field: string): string {
  if (Number.isNaN(date.getTime())) throw new EncodedQueryError(`${field}: an invalid Date cannot be a query value`);
  return glideDateTime(date);
}

function valueText(value: QueryScalar, field: string, forbid: readonly string[] = []): string {
  const text = value instanceof Date ? dateText(value, field) : String(value);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new EncodedQueryError(`${field}: ${value} is not a value ServiceNow can compare`);
  if (text.includes('^')) throw new EncodedQueryError(`${field}: a value may not contain "^" (ServiceNow would read it as a new condition): ${JSON.stringify(text)}`);
  if (/[\r\n\0]/.test(text)) throw new EncodedQueryError(`${field}: a value may not contain a line break or NUL`);
  if (/^\s*javascript\s*:/i.test(text)) throw new EncodedQueryError(`${field}: a value may not start with "javascript:" (ServiceNow would run it as a script)`);
  for (const ch of forbid) {
    if (text.includes(ch)) throw new EncodedQueryError(`${field}: a value here may not contain "${ch}": ${JSON.stringify(text)}`);
  }
  return text;
}

export function encodeCondition(condition: Condition): string {
  const field = checkField(condition.field);
  const op = condition.op;
  if ((UNARY_OPERATORS as readonly string[]).includes(op)) return `${field}${op}`;
  if (op === 'BETWEEN' && 'from' in condition) return `${field}BETWEEN${valueText(condition.from, field, ['@'])}@${valueText(condition.to, field, ['@'])}`;
  if ((LIST_OPERATORS as readonly string[]).includes(op) && 'values' in condition) {
    if (condition.values.length === 0) throw new EncodedQueryError(`${field}: ${op} needs at least one value`);
    return `${field}${op}${condition.values.map((v) => valueText(v, field, [','])).join(',')}`;
  }
  if ((COMPARISON_OPERATORS as readonly string[]).includes(op) && 'value' in condition) return `${field}${op}${valueText(condition.value, field)}`;
  throw new EncodedQueryError(`${field}: "${String(op)}" is not an operator this builder knows, or its value is missing`);
}

function encodeGroup(group: ReadonlyArray<Condition | ReadonlyArray<Condition>>): string {
  return group
    .map((entry) => {
      const alternatives = isConditionList(entry) ? entry : [entry];
      if (alternatives.length === 0) throw new EncodedQueryError('an OR list needs at least one condition');
      return alternatives.map(encodeCondition).join('^OR');
    })
    .join('^');
}

function isConditionList(entry: Condition | ReadonlyArray<Condition>): entry is ReadonlyArray<Condition> {
  return Array.isArray(entry);
}

export function encodeQuery(spec: QuerySpec): string {
  const groups = [spec.where ?? [], ...(spec.orGroups ?? [])].map(encodeGroup).filter((g) => g !== '');
  const order = (spec.orderBy ?? []).map((o) => `${o.descending ? 'ORDERBYDESC' : 'ORDERBY'}${checkField(o.field)}`);
  return [groups.join('^NQ'), ...order].filter((p) => p !== '').join('^');
}

/** A query typed by a person (the editor's query field): passed as written, only checked for what cannot be meant. */
export function checkRawQuery(query: string): string {
  if (/[\r\n\0]/.test(query)) throw new EncodedQueryError('an encoded query may not contain a line break or NUL');
  return query.trim();
}
