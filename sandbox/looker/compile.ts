import { compileFilter, SqlParams, type FilterKind } from './filters';
import type { DimensionDef, ExploreDef, MeasureDef, ModelDef, ViewDef } from './models';
import type { QueryDefinition } from './query-body';
import type { FieldError } from './wire';

export const DEFAULT_ROW_LIMIT = 500;

export interface ResolvedField {
  name: string;
  view: ViewDef;
  category: 'dimension' | 'measure';
  dimension?: DimensionDef;
  measure?: MeasureDef;
  /** The SQL the field selects (aggregated for measures). */
  sql: string;
  isNumeric: boolean;
}

export interface CompiledQuery {
  sql: string;
  params: unknown[];
  fields: ResolvedField[];
}

export type CompileResult = { ok: true; query: CompiledQuery } | { ok: false; errors: FieldError[] };

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The views an explore reaches: its base view and its joins. */
export function exploreViews(model: ModelDef, explore: ExploreDef): ViewDef[] {
  return [explore.view, ...explore.joins.map((join) => join.view)].flatMap((name) => model.views.filter((view) => view.name === name));
}

export function resolveField(model: ModelDef, explore: ExploreDef, name: string): ResolvedField | undefined {
  const [viewName, fieldName, ...rest] = name.split('.');
  if (!viewName || !fieldName || rest.length > 0) return undefined;
  const view = exploreViews(model, explore).find((candidate) => candidate.name === viewName);
  if (!view) return undefined;
  const column = (columnName: string): string => `${quoteIdent(view.name)}.${quoteIdent(columnName)}`;
  const dimension = view.dimensions.find((candidate) => candidate.name === fieldName);
  if (dimension) {
    const sql = column(dimension.column);
    // Dates leave the database as text so the row carries the calendar date, not a local-midnight instant.
    const selected = dimension.type === 'date' ? `TO_CHAR(${sql}, 'YYYY-MM-DD')` : dimension.type === 'time' ? `TO_CHAR(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')` : sql;
    return { name, view, category: 'dimension', dimension, sql: selected, isNumeric: dimension.type === 'number' };
  }
  const measure = view.measures.find((candidate) => candidate.name === fieldName);
  if (!measure) return undefined;
  const primaryKey = view.dimensions.find((candidate) => candidate.primaryKey)?.column ?? 'id';
  const target = column(measure.column ?? primaryKey);
  const aggregate = {
    sum: `COALESCE(SUM(${target}), 0)`,
    count: measure.column ? `COUNT(${target})` : `COUNT(DISTINCT ${target})`,
    count_distinct: `COUNT(DISTINCT ${target})`,
    average: `AVG(${target})`,
    min: `MIN(${target})`,
    max: `MAX(${target})`,
  }[measure.type];
  return { name, view, category: 'measure', measure, sql: aggregate, isNumeric: true };
}

function filterKind(field: ResolvedField): FilterKind {
  if (field.category === 'measure') return 'number';
  switch (field.dimension?.type) {
    case 'number':
      return 'number';
    case 'date':
    case 'time':
      return 'date';
    case 'yesno':
      return 'yesno';
    default:
      return 'string';
  }
}

/** A dimension filter compares the raw column (a date as a date), not the text it is selected as. */
function filterTarget(field: ResolvedField): string {
  if (field.category === 'measure' || !field.dimension) return field.sql;
  return `${quoteIdent(field.view.name)}.${quoteIdent(field.dimension.column)}`;
}

/**
 * Looker's SQL for a query: dimensions selected and grouped by position, measures aggregated,
 * dimension filters in WHERE and measure filters in HAVING, every value a bind parameter.
 */
export function compileQuery(model: ModelDef, explore: ExploreDef, query: QueryDefinition, schema: string, rowLimit: number | null): CompileResult {
  const errors: FieldError[] = [];
  const fields: ResolvedField[] = [];
  if (query.fields.length === 0) errors.push({ field: 'fields', code: 'missing', message: 'Must query at least one dimension or measure' });
  for (const name of query.fields) {
    const field = resolveField(model, explore, name);
    if (field) fields.push(field);
    else errors.push({ field: 'fields', code: 'invalid', message: `Unknown field "${name}" in explore "${explore.name}"` });
  }
  if (query.filter_expression) errors.push({ field: 'filter_expression', code: 'invalid', message: 'Custom filter expressions are not supported by the sandbox' });
  if (query.pivots && query.pivots.length > 0) errors.push({ field: 'pivots', code: 'invalid', message: 'Pivots are not supported by the sandbox' });

  const params = new SqlParams();
  const where: string[] = [];
  const having: string[] = [];
  for (const [name, expression] of Object.entries(query.filters)) {
    if (expression === '') continue; // Looker ignores an empty filter value
    const field = resolveField(model, explore, name);
    if (!field) {
      errors.push({ field: 'filters', code: 'invalid', message: `Unknown field "${name}" in explore "${explore.name}"` });
      continue;
    }
    const condition = compileFilter(expression, filterKind(field), filterTarget(field), params);
    if (condition === undefined) {
      errors.push({ field: 'filters', code: 'invalid', message: `Filter expression "${expression}" for "${name}" is not understood (see sandbox/README.md for the forms the sandbox supports)` });
      continue;
    }
    (field.category === 'measure' ? having : where).push(condition);
  }

  const orderBy: string[] = [];
  for (const sort of query.sorts) {
    const match = /^(\S+)(?:\s+(asc|desc))?(?:\s+\d+)?$/i.exec(sort.trim());
    const index = match?.[1] ? fields.findIndex((field) => field.name === match[1]) : -1;
    if (!match || index === -1) {
      errors.push({ field: 'sorts', code: 'invalid', message: `Sort "${sort}" must name a field of the query` });
      continue;
    }
    orderBy.push(`${index + 1} ${(match[2] ?? 'asc').toUpperCase()}`);
  }
  if (errors.length > 0) return { ok: false, errors };

  // Without sorts Looker orders by the first measure descending, else the first dimension.
  if (orderBy.length === 0 && fields.length > 0) {
    const firstMeasure = fields.findIndex((field) => field.category === 'measure');
    orderBy.push(firstMeasure === -1 ? '1' : `${firstMeasure + 1} DESC`);
  }

  const base = model.views.find((view) => view.name === explore.view);
  if (!base) return { ok: false, errors: [{ field: 'view', code: 'invalid', message: `Explore "${explore.name}" has no view` }] };
  const table = (view: ViewDef): string => `${quoteIdent(schema)}.${quoteIdent(view.table)} AS ${quoteIdent(view.name)}`;
  const joins = explore.joins.flatMap((join) => {
    const view = model.views.find((candidate) => candidate.name === join.view);
    const [fromView, fromField] = join.foreignKey.split('.');
    if (!view || !fromView || !fromField) return [];
    const foreignColumn = model.views.find((candidate) => candidate.name === fromView)?.dimensions.find((dimension) => dimension.name === fromField)?.column ?? fromField;
    const primaryKey = view.dimensions.find((dimension) => dimension.primaryKey)?.column ?? 'id';
    return [`LEFT JOIN ${table(view)} ON ${quoteIdent(fromView)}.${quoteIdent(foreignColumn)} = ${quoteIdent(view.name)}.${quoteIdent(primaryKey)}`];
  });
  const dimensionPositions = fields.flatMap((field, index) => (field.category === 'dimension' ? [String(index + 1)] : []));
  const lines = [
    `SELECT`,
    fields.map((field) => `    ${field.sql} AS ${quoteIdent(field.name)}`).join(',\n'),
    `FROM ${table(base)}`,
    ...joins,
    ...(where.length > 0 ? [`WHERE ${where.join('\n  AND ')}`] : []),
    ...(dimensionPositions.length > 0 ? [`GROUP BY ${dimensionPositions.join(',')}`] : []),
    ...(having.length > 0 ? [`HAVING ${having.join('\n  AND ')}`] : []),
    `ORDER BY ${orderBy.join(', ')}`,
    ...(rowLimit === null ? [] : [`LIMIT ${params.add(rowLimit, '::bigint')}`]),
  ];
  return { ok: true, query: { sql: lines.join('\n'), params: params.values, fields } };
}

/** The row limit: the run's `limit` parameter beats the query's; "-1" is unlimited; none is 500. */
export function rowLimitOf(queryLimit: string | null, runLimit: string | null): number | null | undefined {
  const raw = runLimit ?? queryLimit;
  if (raw === null || raw === '') return DEFAULT_ROW_LIMIT;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < -1) return undefined;
  return value === -1 ? null : value;
}
