// Reference checks before a record goes to ServiceNow: the supplier, cost center, GL account and legal
// entity a record (and each of its lines) names must exist there, or the staging transform rejects the
// row after the fact, or a Table API write stores a dangling reference. Which fields are references is a
// table of rows edited in the node. Lookups are batched (one `IN` query per table for every key a
// message or page needs that the cache does not hold) and cached per connection with a TTL; a key the
// cache does not hold is always asked for, so a supplier created a minute ago is found, and only a key
// ServiceNow still lacks refuses the record, with the field, the value and the table in the error.
import { z } from 'zod';
import { FieldPath } from '../mapping/paths';
import type { ServiceNowClient } from './client';
import { checkField, encodeCondition, EncodedQueryError, type Condition } from './encoded-query';
import { fieldValue, type ServiceNowRow } from './records';

export const REFERENCE_KINDS = ['supplier', 'cost_center', 'gl_account', 'legal_entity'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

interface KindDefaults {
  label: string;
  table: string;
  /** The column the sandbox's transform maps (and the ERP integration framework) identify the record by. */
  key: string;
  /** The table's display field, what `sysparm_input_display_value` writes take. */
  display: string;
}

export const REFERENCE_DEFAULTS: Readonly<Record<ReferenceKind, KindDefaults>> = {
  supplier: { label: 'supplier', table: 'sn_fin_supplier', key: 'erp_supplier_id', display: 'name' },
  cost_center: { label: 'cost center', table: 'cmn_cost_center', key: 'code', display: 'name' },
  gl_account: { label: 'GL account', table: 'sn_fin_gl_account', key: 'number', display: 'account_name' },
  legal_entity: { label: 'legal entity', table: 'sn_fin_legal_entity', key: 'code', display: 'name' },
};

/** What the checked field holds afterwards: the key the staging tables take, the sys_id a Table API reference takes, the display value, or another column. */
export const REFERENCE_SETS = ['key', 'sys_id', 'display'] as const;

export class ServiceNowReferenceError extends Error {
  constructor(
    message: string,
    readonly code: 'MLC_SERVICENOW_REFERENCE_MISSING' | 'MLC_SERVICENOW_REFERENCE_BAD_RECORD' | 'MLC_SERVICENOW_REFERENCE_BAD_TABLE',
  ) {
    super(message);
    this.name = 'ServiceNowReferenceError';
  }
}

// --- The rows ------------------------------------------------------------------------------------

const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const column = text.pipe(z.string().refine((v) => v === '' || /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(v), 'must be a column name'));

export const referenceRowSchema = z.object({
  /** Dotted path of the field in the record, or in each line when `on` is `line`. */
  field: text.pipe(z.string().min(1, 'must not be empty')),
  on: z.enum(['record', 'line']).default('record'),
  kind: z.enum(REFERENCE_KINDS),
  /** The column the value is looked up by; the kind's key column when empty (supplier: `erp_supplier_id`; `name` to look suppliers up by name). */
  by: column.optional(),
  /** `key` (default), `sys_id`, `display`, or a column name of the table. */
  set: column.optional(),
  /** Where the result goes; the field itself when empty. */
  target: text.optional(),
  /** An empty field refuses the record (otherwise it is left alone). */
  required: z.boolean().default(false),
  /** Another table than the kind's (a custom supplier table, say). */
  table: column.optional(),
});
export type ReferenceRowInput = z.input<typeof referenceRowSchema>;

export interface ReferenceRow {
  field: FieldPath;
  target: FieldPath;
  on: 'record' | 'line';
  kind: ReferenceKind;
  table: string;
  by: string;
  /** The column whose value is set (`sys_id` included). */
  setColumn: string;
  required: boolean;
}

export function parseReferenceRows(raw: unknown, where: string): ReferenceRow[] {
  if (!Array.isArray(raw)) throw new ServiceNowReferenceError(`servicenow references: ${where} must be an array of rows ({field, on, kind, by, set, target, required})`, 'MLC_SERVICENOW_REFERENCE_BAD_TABLE');
  return raw.map((item, index) => {
    const parsed = referenceRowSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ServiceNowReferenceError(`servicenow references: ${where} row ${index + 1}: ${issue ? `${issue.path.join('.') || 'row'} ${issue.message}` : 'invalid'}`, 'MLC_SERVICENOW_REFERENCE_BAD_TABLE');
    }
    const r = parsed.data;
    const defaults = REFERENCE_DEFAULTS[r.kind];
    const by = r.by || defaults.key;
    const set = r.set || 'key';
    const setColumn = set === 'key' ? defaults.key : set === 'display' ? defaults.display : set;
    try {
      checkField(by);
      checkField(setColumn);
    } catch (err) {
      throw new ServiceNowReferenceError(`servicenow references: ${where} row ${index + 1}: ${(err as Error).message}`, 'MLC_SERVICENOW_REFERENCE_BAD_TABLE');
    }
    return { field: new FieldPath(r.field), target: new FieldPath(r.target || r.field), on: r.on, kind: r.kind, table: r.table || defaults.table, by, setColumn, required: r.required };
  });
}

// --- The cache ------------------------------------------------------------------------------------

/** What a found record gives: its sys_id and the columns rows ask for. */
export interface ReferenceHit {
  sysId: string;
  values: Readonly<Record<string, string>>;
  /** More than one record has the key (suppliers looked up by a name two of them share): which one is meant is unknown. */
  alsoMatches?: readonly string[];
}

/** One `IN` query's worth: a table, the column looked up by, the columns wanted, the keys. */
export interface ReferenceQuery {
  table: string;
  by: string;
  columns: readonly string[];
  keys: readonly string[];
}

/** Reads the records of one query; the ServiceNow client in the node, a counting wrapper in tests. */
export type ReferenceSource = (query: ReferenceQuery, signal?: AbortSignal) => Promise<ServiceNowRow[]>;

export interface ReferenceCacheOptions {
  /** How long a found record is trusted (ms), unless a caller says otherwise. */
  ttlMs: number;
  now?: () => number;
  /** Keys per `IN` query, so the URL stays short. */
  chunkSize?: number;
}

/** Values compare trimmed and case-blind: ServiceNow's string comparisons in queries are case-insensitive on most instances. */
function norm(value: string): string {
  return value.trim().toLowerCase();
}

const DEFAULT_CHUNK = 100;

/**
 * Found records per (table, lookup column, wanted columns), each trusted for `ttlMs`. Misses are not
 * remembered: a key not held (never seen, expired, or missing last time) is asked for again, so a
 * record created since is found; concurrent asks for the same key share one query.
 */
export class ReferenceCache {
  private readonly entries = new Map<string, Map<string, { hit: ReferenceHit; at: number }>>();
  private readonly inflight = new Map<string, Map<string, Promise<ReferenceHit | null>>>();
  private readonly now: () => number;
  /** Queries sent to ServiceNow (for status and tests). */
  queries = 0;

  constructor(
    private readonly source: ReferenceSource,
    private readonly options: ReferenceCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  clear(): void {
    this.entries.clear();
  }

  /**
   * Every key resolved, asking ServiceNow once per chunk of keys it does not hold (or holds for longer
   * than `ttlMs`, the caller's own when given: nodes sharing a connection may trust it differently);
   * null for a key ServiceNow lacks.
   */
  async resolve(table: string, by: string, columns: readonly string[], keys: Iterable<string>, options: { signal?: AbortSignal; ttlMs?: number } = {}): Promise<Map<string, ReferenceHit | null>> {
    const { signal } = options;
    const ttlMs = options.ttlMs ?? this.options.ttlMs;
    const wanted = [...new Set([by, ...columns])].sort();
    const slot = `${table}\u0000${by}\u0000${wanted.join(',')}`;
    let held = this.entries.get(slot);
    if (!held) this.entries.set(slot, (held = new Map()));
    let pending = this.inflight.get(slot);
    if (!pending) this.inflight.set(slot, (pending = new Map()));
    const out = new Map<string, ReferenceHit | null>();
    const waits: Array<Promise<void>> = [];
    const ask: string[] = [];
    const now = this.now();
    for (const key of new Set([...keys].map((k) => k.trim()))) {
      const n = norm(key);
      const entry = held.get(n);
      if (entry && now - entry.at < ttlMs) out.set(key, entry.hit);
      else {
        const shared = pending.get(n);
        if (shared) waits.push(shared.then((hit) => void out.set(key, hit)));
        else ask.push(key);
      }
    }
    const chunk = this.options.chunkSize ?? DEFAULT_CHUNK;
    for (let i = 0; i < ask.length; i += chunk) {
      const part = ask.slice(i, i + chunk);
      const query = this.query({ table, by, columns: wanted, keys: part }, signal).then((found) => {
        const at = this.now();
        for (const [n, hit] of found) held.set(n, { hit, at });
        return found;
      });
      for (const key of part) {
        const one = query.then((found) => found.get(norm(key)) ?? null);
        one.catch(() => undefined);
        pending.set(norm(key), one);
        waits.push(one.then((hit) => void out.set(key, hit)));
      }
      const forget = (): void => {
        for (const key of part) pending.delete(norm(key));
      };
      query.then(forget, forget);
    }
    await Promise.all(waits);
    return out;
  }

  private async query(query: ReferenceQuery, signal?: AbortSignal): Promise<Map<string, ReferenceHit>> {
    this.queries++;
    const rows = await this.source(query, signal);
    const found = new Map<string, ReferenceHit>();
    for (const row of rows) {
      const sysId = fieldValue(row, 'sys_id');
      const key = fieldValue(row, query.by);
      if (!sysId || key === undefined) continue;
      const values: Record<string, string> = { sys_id: sysId };
      for (const c of query.columns) values[c] = fieldValue(row, c) ?? '';
      const earlier = found.get(norm(key));
      if (earlier && earlier.sysId !== sysId) found.set(norm(key), { ...earlier, alsoMatches: [...(earlier.alsoMatches ?? []), sysId] });
      else found.set(norm(key), { sysId, values });
    }
    return found;
  }
}

/**
 * The condition for a set of keys: one `IN` for the keys that can sit in its comma list, `=`
 * alternatives for those holding a comma (a supplier named "Smith, Jones & Co").
 */
export function keysCondition(by: string, keys: readonly string[]): Condition[] {
  const plain = keys.filter((k) => !k.includes(','));
  const withComma = keys.filter((k) => k.includes(','));
  return [...(plain.length > 0 ? [{ field: by, op: 'IN' as const, values: plain }] : []), ...withComma.map((value) => ({ field: by, op: '=' as const, value }))];
}

/** The cache's source over a ServiceNow client: stored values, no reference links, the wanted columns only. */
export function clientReferenceSource(client: ServiceNowClient): ReferenceSource {
  return (query, signal) =>
    client.list(query.table, {
      query: { where: [keysCondition(query.by, query.keys)] },
      fields: ['sys_id', ...query.columns],
      excludeReferenceLink: true,
      pageSize: Math.max(query.keys.length, 1),
      ...(signal ? { signal } : {}),
    });
}

const caches = new WeakMap<ServiceNowClient, ReferenceCache>();

/** Found records are trusted this long when a caller does not say. */
export const DEFAULT_REFERENCE_TTL_MS = 300_000;

/** One cache per connection (so per config node: its client lives until a redeploy), shared by every node on it. */
export function referenceCacheFor(client: ServiceNowClient): ReferenceCache {
  let cache = caches.get(client);
  if (!cache) caches.set(client, (cache = new ReferenceCache(clientReferenceSource(client), { ttlMs: DEFAULT_REFERENCE_TTL_MS })));
  return cache;
}

// --- Checking records -----------------------------------------------------------------------------

export interface ResolvedReference {
  /** Where in the record: `supplier`, `lines.1.gl_account`. */
  path: string;
  kind: ReferenceKind;
  table: string;
  value: string;
  sysId: string;
  set: string;
}

export type RecordOutcome = { ok: true; record: Record<string, unknown>; references: ResolvedReference[] } | { ok: false; error: ServiceNowReferenceError };

/** Odoo's many2one as read (`[id, "name"]`) gives its name; numbers their text. */
function refText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string') return value[1].trim() || null;
  return null;
}

interface Use {
  row: ReferenceRow;
  value: string;
  path: string;
  /** The object the field sits in (the record or a line). */
  line: number | null;
}

interface Plan {
  uses: Use[];
  problems: string[];
}

/** Where each row's value sits in one record, and what is wrong with the record's shape. */
function plan(rows: readonly ReferenceRow[], record: Record<string, unknown>, lines: FieldPath | null): Plan {
  const uses: Use[] = [];
  const problems: string[] = [];
  const take = (row: ReferenceRow, holder: unknown, path: string, line: number | null): void => {
    const raw = row.field.read(holder);
    const value = refText(raw);
    if (value === null) {
      if (raw !== undefined && raw !== null && raw !== '' && raw !== false) problems.push(`${REFERENCE_DEFAULTS[row.kind].label} at ${path} is ${JSON.stringify(raw)}, not a value to look up`);
      else if (row.required) problems.push(`${REFERENCE_DEFAULTS[row.kind].label} at ${path} is empty`);
      return;
    }
    try {
      encodeCondition({ field: row.by, op: '=', value });
    } catch (err) {
      if (!(err instanceof EncodedQueryError)) throw err;
      problems.push(`${REFERENCE_DEFAULTS[row.kind].label} ${JSON.stringify(value)} at ${path} cannot be looked up: ${err.message}`);
      return;
    }
    uses.push({ row, value, path, line });
  };
  for (const row of rows.filter((r) => r.on === 'record')) take(row, record, row.field.text, null);
  const lineRows = rows.filter((r) => r.on === 'line');
  if (lines && lineRows.length > 0) {
    const list = lines.read(record);
    if (Array.isArray(list)) {
      list.forEach((line, index) => {
        if (line === null || typeof line !== 'object' || Array.isArray(line)) problems.push(`${lines.text}.${index} is not a line (an object)`);
        else for (const row of lineRows) take(row, line, `${lines.text}.${index}.${row.field.text}`, index);
      });
    } else if (list !== undefined && list !== null) problems.push(`${lines.text} is not a list of lines`);
  }
  return { uses, problems };
}

function slotOf(row: ReferenceRow): string {
  return `${row.table}\u0000${row.by}`;
}

/**
 * Checks a page of records: every reference of every record is looked up with one query per (table,
 * column) for the keys the cache does not hold; a record with a reference ServiceNow lacks is refused
 * naming each one, the others come back with the references set as their rows say. Records are copied,
 * not changed.
 */
export interface CheckOptions {
  /** Dotted path of a record's lines; empty: records have none. */
  lines: string;
  /** How long this caller trusts a cached record; the cache's own TTL when absent. */
  ttlMs?: number;
  signal?: AbortSignal;
}

export async function checkReferences(cache: ReferenceCache, rows: readonly ReferenceRow[], records: readonly unknown[], options: CheckOptions): Promise<RecordOutcome[]> {
  const linesPath = options.lines;
  const lines = linesPath.trim() === '' ? null : new FieldPath(linesPath.trim());
  const plans = records.map((record): Plan | null => (record !== null && typeof record === 'object' && !Array.isArray(record) ? plan(rows, record as Record<string, unknown>, lines) : null));

  const slots = new Map<string, { table: string; by: string; columns: Set<string>; keys: Set<string> }>();
  for (const p of plans) {
    for (const use of p?.uses ?? []) {
      const key = slotOf(use.row);
      let slot = slots.get(key);
      if (!slot) slots.set(key, (slot = { table: use.row.table, by: use.row.by, columns: new Set(), keys: new Set() }));
      slot.keys.add(use.value);
    }
  }
  // Every row on a (table, column) asks for all the columns those rows set, so they share one query and one cache slot.
  for (const row of rows) slots.get(slotOf(row))?.columns.add(row.setColumn);
  const found = new Map<string, Map<string, ReferenceHit | null>>();
  await Promise.all(
    [...slots].map(async ([key, slot]) => {
      const resolveOptions = { ...(options.signal ? { signal: options.signal } : {}), ...(options.ttlMs !== undefined ? { ttlMs: options.ttlMs } : {}) };
      found.set(key, await cache.resolve(slot.table, slot.by, [...slot.columns].filter((c) => c !== 'sys_id'), slot.keys, resolveOptions));
    }),
  );

  return records.map((record, index): RecordOutcome => {
    const p = plans[index];
    if (!p) return { ok: false, error: new ServiceNowReferenceError('servicenow references: the record is not an object', 'MLC_SERVICENOW_REFERENCE_BAD_RECORD') };
    const problems = [...p.problems];
    const resolved: Array<{ use: Use; hit: ReferenceHit }> = [];
    for (const use of p.uses) {
      const hit = found.get(slotOf(use.row))?.get(use.value) ?? null;
      if (hit?.alsoMatches) problems.push(`${REFERENCE_DEFAULTS[use.row.kind].label} ${JSON.stringify(use.value)} at ${use.path} is ambiguous: ${hit.alsoMatches.length + 1} ${use.row.table} records have ${use.row.by} = ${use.value}; look it up by a column that is unique`);
      else if (hit) resolved.push({ use, hit });
      else problems.push(`${REFERENCE_DEFAULTS[use.row.kind].label} ${JSON.stringify(use.value)} at ${use.path} is not in ServiceNow: no ${use.row.table} record with ${use.row.by} = ${use.value}`);
    }
    if (problems.length > 0) {
      const missing = p.problems.length === 0 && p.uses.every((use) => !found.get(slotOf(use.row))?.get(use.value)?.alsoMatches);
      return { ok: false, error: new ServiceNowReferenceError(`servicenow references: ${problems.join('; ')}`, missing ? 'MLC_SERVICENOW_REFERENCE_MISSING' : 'MLC_SERVICENOW_REFERENCE_BAD_RECORD') };
    }
    const out: Record<string, unknown> = { ...(record as Record<string, unknown>) };
    let outLines: Array<Record<string, unknown>> | null = null;
    const references: ResolvedReference[] = [];
    for (const { use, hit } of resolved) {
      const value = use.row.setColumn === 'sys_id' ? hit.sysId : (hit.values[use.row.setColumn] ?? '');
      if (use.line === null) use.row.target.write(out, value, true);
      else {
        outLines ??= (lines?.read(out) as Array<Record<string, unknown>>).map((l) => ({ ...l }));
        use.row.target.write(outLines[use.line] as Record<string, unknown>, value, true);
      }
      references.push({ path: use.path, kind: use.row.kind, table: use.row.table, value: use.value, sysId: hit.sysId, set: value });
    }
    if (outLines && lines) lines.write(out, outLines, true);
    return { ok: true, record: out, references };
  });
}
