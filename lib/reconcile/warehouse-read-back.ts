// The warehouse's read-back: the written rows by primary key, one SELECT per page. A row is its own
// line; amounts and dimensions are columns (or paths into a jsonb column). The table's key columns
// come from the catalog once per table and adapter, as the written records carry only the key's text.
import { quoted, validIdentifier } from '../warehouse/table-spec';
import type { Warehouse } from '../warehouse/types';
import { sharesOf } from './dimension-shares';
import { amountsOf } from './read-back-rows';
import type { DimensionShare, ReadBackAdapter, ReadBackLine, WrittenRecord } from './read-back';

export class WarehouseReadBackError extends Error {
  readonly code = 'MLC_RECONCILE_WAREHOUSE';
  override readonly name = 'WarehouseReadBackError';
}

type Reader = Pick<Warehouse, 'query'>;

interface KeyColumn {
  name: string;
  type: string;
}

/** The key types the writer allows (table-spec.ts): their text is the key's text in the store. */
const KEY_TYPES = new Set(['text', 'integer', 'bigint', 'date']);

const PRIMARY_KEY_SQL =
  `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type ` +
  `FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) ` +
  `WHERE i.indrelid = to_regclass($1) AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`;

/** Reads back from the warehouse `warehouse()` opens; the key columns found are kept for the adapter's life. */
export function warehouseReadBack(warehouse: () => Promise<Reader>): ReadBackAdapter {
  const keysOf = new Map<string, KeyColumn[]>();
  const keyColumns = async (reader: Reader, table: string): Promise<KeyColumn[]> => {
    const known = keysOf.get(table);
    if (known) return known;
    const found = (await reader.query(PRIMARY_KEY_SQL, [table])).map((r) => ({ name: String(r['name']), type: String(r['type']) }));
    // A table not there (dropped) has no key yet: asked again next time, its records read as missing.
    if (found.length > 0) keysOf.set(table, found);
    return found;
  };
  return {
    system: 'warehouse',
    async readPage(records, spec) {
      if (spec?.lines) throw new WarehouseReadBackError(`reconcile: the controls count lines ("${spec.lines}"), and a warehouse row is one line; count the rows (no lines) to reconcile a warehouse table`);
      const table = tableOf(records);
      const reader = await warehouse();
      const keys = await keyColumns(reader, table);
      if (keys.length === 0) return [];
      const selected = [`${keyText(keys)} AS mlc_key`];
      (spec?.amounts ?? []).forEach((amount, i) => selected.push(`${valueSql(amount.target, '#>>')}::text AS a${i}`));
      // Each amount's column alias by its target (amountsOf reads a row by target).
      const amountAlias = new Map((spec?.amounts ?? []).map((amount, i) => [amount.target, `a${i}`] as const));
      (spec?.dimensions ?? []).forEach((dimension, i) => selected.push(`to_jsonb(${valueSql(dimension.target, '#>')}) AS d${i}`));
      const [key] = keys;
      const wanted = `(SELECT jsonb_array_elements_text($1::jsonb))`;
      // A one-column key is matched by its own type, so its index finds the rows; a longer one by its text.
      const where = keys.length === 1 && key ? `t.${quoted(key.name)} IN (SELECT k::${key.type} FROM ${wanted} AS w(k))` : `${keyText(keys)} IN ${wanted}`;
      const rows = await reader.query(`SELECT ${selected.join(', ')} FROM ${table} t WHERE ${where}`, [JSON.stringify(records.map((r) => r.target.id))]);
      return rows.map((row): ReadBackLine => {
        const amounts = amountsOf(spec, (target) => row[amountAlias.get(target) ?? ''], (target, value) => new WarehouseReadBackError(`reconcile: ${table} holds ${JSON.stringify(value)} in ${target}, not an amount`));
        const dimensions: Record<string, DimensionShare[]> = {};
        (spec?.dimensions ?? []).forEach((dimension, i) => (dimensions[dimension.name] = sharesOf(row[`d${i}`])));
        return { targetId: String(row['mlc_key']), amounts, dimensions };
      });
    },
  };
}

/** The one table the page was written to, as `"schema"."table"`. */
function tableOf(records: readonly WrittenRecord[]): string {
  const entities = new Set(records.map((r) => r.target.entity));
  if (entities.size !== 1) throw new WarehouseReadBackError(`reconcile: one run wrote to several warehouse tables (${[...entities].join(', ')}); reconcile each in a run of its own`);
  const entity = [...entities][0] as string;
  const [schema, table, ...rest] = entity.split('.');
  if (!schema || !table || rest.length > 0 || !validIdentifier(schema) || !validIdentifier(table)) throw new WarehouseReadBackError(`reconcile: "${entity}" is not a warehouse table the writer names (<schema>.<table>)`);
  return `${quoted(schema)}.${quoted(table)}`;
}

function keyText(keys: readonly KeyColumn[]): string {
  for (const key of keys) if (!KEY_TYPES.has(key.type)) throw new WarehouseReadBackError(`reconcile: the key column ${key.name} is ${key.type}; the warehouse writer keys by text, integer, bigint or date`);
  return keys.length === 1 ? `t.${quoted((keys[0] as KeyColumn).name)}::text` : `concat_ws(',', ${keys.map((k) => `t.${quoted(k.name)}::text`).join(', ')})`;
}

const PATH_STEP = /^[\w-]+$/;

/** A control's target: a column, or a path into a jsonb column ("tags.cost_center"), read with `op`. */
function valueSql(target: string, op: '#>' | '#>>'): string {
  const [column, ...path] = target.split('.');
  if (!column || !validIdentifier(column) || !path.every((p) => PATH_STEP.test(p))) throw new WarehouseReadBackError(`reconcile: "${target}" does not name a warehouse column (or a path of letters, digits, "_" and "-" into a jsonb column)`);
  if (path.length === 0) return `t.${quoted(column)}`;
  return `(t.${quoted(column)} ${op} '{${path.join(',')}}')`;
}
