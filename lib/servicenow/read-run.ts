// One run of the ServiceNow read node over one table through the Table API (B.2).
//
// Mode "all": every row the query matches, offset-paged by the client (Link, X-Total-Count), ordered
// by sys_id when the query names no order so offsets stay stable.
//
// Mode "incremental": rows after the cursor `(sys_updated_on, sys_id)`, in that order, paged by keyset
// (each page asks for what follows the last row read, offset 0): an edit during the run moves a row to
// the end instead of shifting the offsets of the rows not read yet. sys_updated_on has whole seconds,
// so many rows share one; sys_id breaks the tie. ServiceNow's `^OR` binds to the condition before it,
// so "after the cursor" cannot be `sys_updated_on>X^ORsys_updated_on=X^sys_id>Y` (that reads as
// `(>X or =X) and sys_id>Y`); it is two `^NQ` groups, each carrying the user's conditions. The cursor
// in the store moves to a page's last row once that page is audited (or sent), so a crash, a redeploy
// or a failed write makes the next run read the page again rather than skip it.
import type { RecordRef } from '../envelope';
import { waitUntilAudited } from '../read/audit-wait';
import type { Store } from '../store/types';
import type { ListOptions, ServiceNowClient } from './client';
import type { Condition, QuerySpec } from './encoded-query';
import { fieldValue, glideDateTime, type ServiceNowRow } from './records';

export type ServiceNowReadClient = Pick<ServiceNowClient, 'pages'>;

export type DisplayValueMode = 'false' | 'true' | 'all';

export interface ServiceNowReadRequest {
  table: string;
  /** Built from the editor's rows (escaped), or a raw encoded query a flow trusts; none: every row. */
  query: QuerySpec | string | null;
  /** `sysparm_fields`; empty: every column. The key and cursor columns are added when it is not. */
  fields: readonly string[];
  displayValue: DisplayValueMode;
  excludeReferenceLink: boolean;
  pageSize: number;
  incremental: {
    store: Store;
    cursorName: string;
    /** Read from the start, as if no cursor were stored (the cursor still only moves forward). */
    fromStart: boolean;
    advance: 'audited' | 'sent';
    auditTimeoutMs: number;
    settleSeconds: number;
  } | null;
}

export interface ServiceNowRecordOut {
  payload: ServiceNowRow;
  key: string;
  source: RecordRef;
}

export interface ServiceNowReadSink {
  emit(records: ServiceNowRecordOut[], page: number): void | Promise<void>;
  /** How many rows this run reads in all, as X-Total-Count tells (it may change while the run goes). */
  total?(total: number): void;
}

export interface ServiceNowReadSummary {
  read: number;
  pages: number;
  /** The incremental cursor after the run (stored form), or null. */
  cursor: string | null;
}

export class ServiceNowReadError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly table: string,
  ) {
    super(message);
    this.name = 'ServiceNowReadError';
  }
}

export interface ReadCursor {
  /** GMT 'YYYY-MM-DD HH:MM:SS', as the Table API stores and compares it. */
  updatedOn: string;
  sysId: string;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const SYS_ID = /^[A-Za-z0-9_-]{1,64}$/;
const STORED = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\|([A-Za-z0-9_-]{1,64})$/;
/** Columns the key, source and cursor are made of. */
export const KEY_FIELDS = ['sys_id', 'sys_updated_on', 'sys_mod_count'] as const;
const INCREMENTAL_ORDER = [{ field: 'sys_updated_on' }, { field: 'sys_id' }];

/**
 * Stored as '2026-09-01 08:00:00|<sys_id>': the store's onlyForward compares values as strings, and a
 * fixed-width date first, then the sys_id (32 lowercase hex characters), sort as the rows do.
 */
export function encodeCursor(cursor: ReadCursor): string {
  return `${cursor.updatedOn}|${cursor.sysId}`;
}

/** null for no cursor yet; a value this code did not write is an error, not a silent restart. */
export function decodeCursor(value: string | null | undefined, name: string, table: string): ReadCursor | null {
  if (value === null || value === undefined || value === '') return null;
  const match = STORED.exec(value);
  if (!match) throw new ServiceNowReadError(`cursor "${name}" holds ${JSON.stringify(value.slice(0, 80))}, not 'YYYY-MM-DD HH:MM:SS|<sys_id>'`, 'MLC_SERVICENOW_BAD_CURSOR', table);
  return { updatedOn: match[1] as string, sysId: match[2] as string };
}

/**
 * `servicenow:<table>:<sys_id>:<sys_updated_on>#<sys_mod_count>`: one key per version of a row (the
 * count tells apart two edits within one second), the same key when an unchanged row is read again.
 */
export function recordKey(table: string, row: ServiceNowRow): string {
  const sysId = fieldValue(row, 'sys_id');
  if (!sysId) throw new ServiceNowReadError(`servicenow read of ${table}: a row came back without its sys_id`, 'MLC_SERVICENOW_READ_BAD_RECORD', table);
  const updated = fieldValue(row, 'sys_updated_on') ?? '';
  const count = fieldValue(row, 'sys_mod_count');
  return `servicenow:${table}:${sysId}:${updated}${count ? `#${count}` : ''}`;
}

function recordOut(table: string, row: ServiceNowRow): ServiceNowRecordOut {
  const key = recordKey(table, row);
  return { payload: row, key, source: { system: 'servicenow', entity: table, id: fieldValue(row, 'sys_id') as string } };
}

function cursorAt(table: string, row: ServiceNowRow | undefined): ReadCursor {
  const sysId = row ? fieldValue(row, 'sys_id') : undefined;
  const updatedOn = row ? fieldValue(row, 'sys_updated_on') : undefined;
  if (!sysId || !SYS_ID.test(sysId) || !updatedOn || !DATE_TIME.test(updatedOn)) {
    throw new ServiceNowReadError(
      `servicenow read of ${table}: row ${sysId ?? '(no sys_id)'} has sys_updated_on ${JSON.stringify(updatedOn ?? null)}, not a GMT date-time; an incremental read needs the stored value (display values false or all)`,
      'MLC_SERVICENOW_READ_BAD_RECORD',
      table,
    );
  }
  return { updatedOn, sysId };
}

function fieldsToAsk(request: ServiceNowReadRequest): string[] | undefined {
  return request.fields.length === 0 ? undefined : [...new Set([...request.fields, ...KEY_FIELDS])];
}

function listOptions(request: ServiceNowReadRequest, signal: AbortSignal | undefined): ListOptions {
  const fields = fieldsToAsk(request);
  return {
    pageSize: request.pageSize,
    displayValue: request.displayValue === 'all' ? 'all' : request.displayValue === 'true',
    excludeReferenceLink: request.excludeReferenceLink,
    ...(fields ? { fields } : {}),
    ...(signal ? { signal } : {}),
  };
}

/** The query with an order on sys_id when it has none, so offset pages do not overlap or skip. */
function stablyOrdered(query: QuerySpec | string | null): QuerySpec | string {
  if (query === null) return { orderBy: [{ field: 'sys_id' }] };
  if (typeof query !== 'string') return query.orderBy && query.orderBy.length > 0 ? query : { ...query, orderBy: [{ field: 'sys_id' }] };
  if (query.split('^').some((token) => token.startsWith('ORDERBY'))) return query;
  return query === '' ? 'ORDERBYsys_id' : `${query}^ORDERBYsys_id`;
}

/** The user's conditions, each `^NQ` group with the cursor's conditions added, ordered by (sys_updated_on, sys_id). */
export function afterCursorQuery(query: QuerySpec | null, cursor: ReadCursor | null, settleBound: string | null): QuerySpec {
  const groups = query ? [query.where ?? [], ...(query.orGroups ?? [])] : [[]];
  const bound: Condition[] = settleBound ? [{ field: 'sys_updated_on', op: '<=', value: settleBound }] : [];
  const tails: Condition[][] = cursor
    ? [
        [{ field: 'sys_updated_on', op: '>', value: cursor.updatedOn }],
        [{ field: 'sys_updated_on', op: '=', value: cursor.updatedOn }, { field: 'sys_id', op: '>', value: cursor.sysId }],
      ]
    : [[]];
  const combined = groups.flatMap((group) => tails.map((tail) => [...group, ...bound, ...tail]));
  return { where: combined[0] ?? [], orGroups: combined.slice(1), orderBy: INCREMENTAL_ORDER };
}

export async function runServiceNowRead(client: ServiceNowReadClient, request: ServiceNowReadRequest, sink: ServiceNowReadSink, options: { signal?: AbortSignal; now?: () => number } = {}): Promise<ServiceNowReadSummary> {
  return request.incremental ? readIncremental(client, request, request.incremental, sink, options) : readAll(client, request, sink, options.signal);
}

async function readAll(client: ServiceNowReadClient, request: ServiceNowReadRequest, sink: ServiceNowReadSink, signal?: AbortSignal): Promise<ServiceNowReadSummary> {
  let read = 0;
  let pages = 0;
  const options: ListOptions = { ...listOptions(request, signal), query: stablyOrdered(request.query), onTotal: (total) => sink.total?.(total) };
  for await (const rows of client.pages(request.table, options)) {
    const records = rows.map((row) => recordOut(request.table, row));
    pages++;
    read += records.length;
    await sink.emit(records, pages);
  }
  return { read, pages, cursor: null };
}

async function readIncremental(
  client: ServiceNowReadClient,
  request: ServiceNowReadRequest,
  inc: NonNullable<ServiceNowReadRequest['incremental']>,
  sink: ServiceNowReadSink,
  options: { signal?: AbortSignal; now?: () => number },
): Promise<ServiceNowReadSummary> {
  const { table } = request;
  const { signal } = options;
  if (typeof request.query === 'string') throw new ServiceNowReadError(`servicenow read of ${table}: a raw encoded query cannot drive an incremental read (the cursor would skip what it leaves out); build the query in the node`, 'MLC_SERVICENOW_READ_RAW_INCREMENTAL', table);
  const stored = decodeCursor((await inc.store.getCursor(inc.cursorName))?.value, inc.cursorName, table);
  let cursor = inc.fromStart ? null : stored;
  // Fixed for the whole run, so its pages read one consistent range.
  const settleBound = inc.settleSeconds > 0 ? glideDateTime(new Date((options.now ?? Date.now)() - inc.settleSeconds * 1000)) : null;
  let read = 0;
  let pages = 0;
  for (;;) {
    signal?.throwIfAborted();
    let remaining: number | undefined;
    let rows: ServiceNowRow[] = [];
    const pageOptions: ListOptions = { ...listOptions(request, signal), query: afterCursorQuery(request.query, cursor, settleBound), offset: 0, onTotal: (total) => (remaining = total) };
    // One page per query: the next is asked for after the last row of this one.
    for await (const page of client.pages(table, pageOptions)) {
      rows = page;
      break;
    }
    if (remaining !== undefined) sink.total?.(read + remaining);
    if (rows.length === 0) break;
    // Checked before sending: a page whose cursor cannot be stored must not go out.
    const next = cursorAt(table, rows[rows.length - 1]);
    // An instance that ignored the cursor's conditions would hand the same page back for ever.
    if (cursor && encodeCursor(next) <= encodeCursor(cursor)) {
      throw new ServiceNowReadError(`servicenow read of ${table}: the page after ${encodeCursor(cursor)} ended at ${encodeCursor(next)}, not past it; the instance did not apply the (sys_updated_on, sys_id) conditions`, 'MLC_SERVICENOW_READ_STUCK', table);
    }
    const records = rows.map((row) => recordOut(table, row));
    pages++;
    read += records.length;
    await sink.emit(records, pages);
    if (inc.advance === 'audited') {
      const keys = records.map((r) => r.key);
      const pending = await waitUntilAudited(inc.store, keys, { timeoutMs: inc.auditTimeoutMs, ...(signal ? { signal } : {}) });
      if (pending > 0) {
        throw new ServiceNowReadError(
          `servicenow read of ${table}: ${pending} of ${new Set(keys).size} records of page ${pages} were not audited (posted, failed or parked) in time; the cursor "${inc.cursorName}" stays at ${cursor ? encodeCursor(cursor) : 'its start'}, so the next run reads them again`,
          'MLC_SERVICENOW_READ_NOT_AUDITED',
          table,
        );
      }
    }
    await inc.store.setCursor(inc.cursorName, encodeCursor(next), { onlyForward: true });
    cursor = next;
    // A page can hold fewer rows than asked for (ACLs filter after the limit), so only the count ends the run early.
    if (remaining !== undefined ? rows.length >= remaining : rows.length < request.pageSize) break;
  }
  // A full re-read never moves the stored cursor back (onlyForward): report whichever is further.
  const final = [stored, cursor].filter((c): c is ReadCursor => c !== null).map(encodeCursor).sort().at(-1);
  return { read, pages, cursor: final ?? null };
}

