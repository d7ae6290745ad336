import { json, text, type SandboxResponse } from '../kit';
import type { CompiledQuery, ResolvedField } from './compile';

export const RESULT_FORMATS = ['json', 'json_bi', 'json_detail', 'csv', 'txt', 'sql'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

export function isResultFormat(format: string): format is ResultFormat {
  return (RESULT_FORMATS as readonly string[]).includes(format);
}

export type Row = Record<string, string | number | boolean | null>;

/** pg hands numeric and bigint over as strings; Looker's json has numbers for numeric fields. */
export function typedRows(fields: ResolvedField[], raw: Record<string, unknown>[]): Row[] {
  return raw.map((record) =>
    Object.fromEntries(
      fields.map((field) => {
        const value = record[field.name];
        if (value === null || value === undefined) return [field.name, null];
        if (field.isNumeric) return [field.name, Number(value)];
        if (typeof value === 'boolean' || typeof value === 'number') return [field.name, value];
        return [field.name, value instanceof Date ? value.toISOString() : String(value)];
      }),
    ),
  );
}

function titleCase(name: string): string {
  return name
    .split('_')
    .filter((part) => part !== '')
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join(' ');
}

export function fieldLabel(field: ResolvedField): string {
  const own = field.dimension?.label ?? field.measure?.label ?? titleCase(field.name.split('.')[1] ?? field.name);
  return `${titleCase(field.view.name)} ${own}`;
}

export function fieldType(field: ResolvedField): string {
  return field.dimension?.type === 'date' ? 'date_date' : field.dimension?.type === 'time' ? 'date_time' : (field.dimension?.type ?? field.measure?.type ?? 'string');
}

/** A `JsonBiField` / explore field description. */
export function describeField(field: ResolvedField): Record<string, unknown> {
  return {
    name: field.name,
    label: fieldLabel(field),
    label_short: field.dimension?.label ?? field.measure?.label ?? titleCase(field.name.split('.')[1] ?? ''),
    view: field.view.name,
    view_label: titleCase(field.view.name),
    type: fieldType(field),
    category: field.category,
    is_numeric: field.isNumeric,
    sql: field.dimension ? `\${TABLE}.${field.dimension.column}` : field.measure?.column ? `\${TABLE}.${field.measure.column}` : null,
    hidden: false,
    primary_key: field.dimension?.primaryKey ?? false,
  };
}

function csvCell(value: Row[string]): string {
  if (value === null) return '';
  const textValue = String(value);
  return /[",\n\r]/.test(textValue) ? `"${textValue.replace(/"/g, '""')}"` : textValue;
}

export function renderResult(format: ResultFormat, compiled: CompiledQuery, rows: Row[], meta: { fromCache: boolean; ranAt: string }): SandboxResponse {
  const fields = compiled.fields;
  switch (format) {
    case 'json':
      return json(rows);
    case 'json_bi':
      return json({
        metadata: {
          fields: {
            dimensions: fields.filter((field) => field.category === 'dimension').map(describeField),
            measures: fields.filter((field) => field.category === 'measure').map(describeField),
            pivots: [],
            table_calculations: [],
          },
          pivots: [],
        },
        rows,
      });
    case 'json_detail':
      return json({
        data: rows.map((row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, { value }]))),
        fields: { dimensions: fields.filter((field) => field.category === 'dimension').map(describeField), measures: fields.filter((field) => field.category === 'measure').map(describeField) },
        pivots: [],
        from_cache: meta.fromCache,
        ran_at: meta.ranAt,
        sql: compiled.sql,
        errors: [],
      });
    case 'csv':
      return text([fields.map((field) => csvCell(fieldLabel(field))).join(','), ...rows.map((row) => fields.map((field) => csvCell(row[field.name] ?? null)).join(','))].join('\n') + '\n', {
        headers: { 'content-type': 'text/csv; charset=utf-8' },
      });
    case 'txt':
      return text([fields.map(fieldLabel).join('\t'), ...rows.map((row) => fields.map((field) => String(row[field.name] ?? '')).join('\t'))].join('\n') + '\n');
    case 'sql':
      return text(displaySql(compiled));
  }
}

/** The SQL as Looker shows it, values written in; what runs keeps them as bind parameters. */
export function displaySql(compiled: CompiledQuery): string {
  return compiled.sql.replace(/\$(\d+)/g, (placeholder, position: string) => {
    const value = compiled.params[Number(position) - 1];
    if (value === undefined) return placeholder;
    return typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  });
}
