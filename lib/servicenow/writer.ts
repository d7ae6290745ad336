import { abortableSleep } from '../http/sleep';
import { isHttpError, outcomeUnknown } from '../http/errors';
import type { ServiceNowClient } from './client';
import { judgeRow, judgeRows, stagedRowOf, stagedRowsOf, type RowVerdict, type StagedRow } from './import-outcome';
import { fieldValue, stringValues, type ServiceNowRow } from './records';
import { coalesceLookup } from './staging-keys';
import { storedChanges } from './stored-values';
import type { ImportWrite, ServiceNowWriteOperation, ServiceNowWriteRequest, TableWrite } from './write-input';

/**
 * Writes records into ServiceNow, one outcome per record.
 *
 * Table API: `insert` (POST), `update` (PATCH by sys_id: setting values, safe to resend), and `upsert`
 * by a correlation field holding the source's id: looked up (`field=value`), PATCHed with only the
 * fields that differ (nothing sent when none do), else inserted with the field set, so the record
 * carries its identity from the call that creates it. After an unknown outcome (timeout, cut or lost
 * answer, 5xx) the upsert starts again from the look-up, once; a plain insert is not sent again
 * (nothing could find it) and fails as MLC_SERVICENOW_OUTCOME_UNKNOWN.
 *
 * Import sets: each record is a header row (or the only row) and its lines, staged through
 * `POST /api/now/import/{staging}` one row at a time (`import`), or through insertMultiple for many
 * records at once (`import-bulk`, the transform followed up on the staging rows until every row's
 * outcome is known). Lines go only after their header succeeded; a record is written when every one of
 * its rows is. Exactly once comes from the transform maps' coalesce: after an unknown outcome the
 * target is looked up by the coalesce key where it is known (lib/servicenow/staging-keys.ts), the
 * record's rows are staged again (an update, or `ignored` when the first attempt got through), and
 * the target sys_id must be the one found; a second record would mean the map does not coalesce.
 */
export interface ServiceNowWriteError {
  message: string;
  code: string;
  status?: number;
  /** Whether the same record may succeed later unchanged (replay it). */
  transient?: boolean;
}

export type ServiceNowWriteOutcome =
  | {
      ok: true;
      operation: ServiceNowWriteOperation;
      /** The target table (for imports: where the header's transform wrote). */
      table: string;
      sysId: string;
      created: boolean;
      updated?: true;
      /** Found as it should be: nothing sent (upsert), or every row `ignored` by its coalesce. */
      unchanged?: true;
      /** After an unknown outcome: found by the correlation field, or staged again and coalesced. */
      confirmedBy?: 'lookup' | 'restage';
      /** Upsert of an existing record: the fields PATCHed. */
      sent?: string[];
      rows?: StagedRow[];
    }
  | { ok: false; operation: ServiceNowWriteOperation; table: string; error: ServiceNowWriteError; rows?: StagedRow[] };

export interface ServiceNowWriterOptions {
  /**
   * An `ignored` row whose coalesce found its target counts as written (unchanged). Otherwise a record
   * none of whose rows changed anything fails; its ignored rows beside new ones are still written.
   */
  ignoredIsUnchanged: boolean;
  /** insertMultiple: how long to follow the transform before the rows still pending fail (transient). */
  followMs?: number;
  /** The first wait between follow-up reads; doubled each time up to `followMaxIntervalMs`. */
  followIntervalMs?: number;
  followMaxIntervalMs?: number;
  /** Rows per insertMultiple call. */
  bulkMax?: number;
  /** Told how the follow-up goes ("waiting for transform, 3 of 10 done"). */
  onProgress?: (text: string) => void;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const SERVICENOW_BULK_MAX = 200;

type Failure = Extract<ServiceNowWriteOutcome, { ok: false }>;

export function failedServiceNowOutcome(request: Pick<ServiceNowWriteRequest, 'operation' | 'table'> | undefined, err: unknown, what?: string, rows?: StagedRow[]): Failure {
  const base = err instanceof Error ? err : new Error(String(err));
  const own = (base as { code?: unknown }).code;
  const status = isHttpError(base) ? base.status : undefined;
  const transient = isHttpError(base) ? base.transient : (base as { transient?: unknown }).transient === true;
  return {
    ok: false,
    operation: request?.operation ?? 'insert',
    table: request?.table ?? '',
    error: { message: what ? `${what}: ${base.message}` : base.message, code: typeof own === 'string' ? own : 'MLC_SERVICENOW_WRITE_FAILED', ...(status !== undefined ? { status } : {}), ...(transient ? { transient } : {}) },
    ...(rows && rows.length > 0 ? { rows } : {}),
  };
}

function refused(request: ServiceNowWriteRequest, code: string, message: string, rows?: StagedRow[], transient?: boolean): Failure {
  return { ok: false, operation: request.operation, table: request.table, error: { message, code, ...(transient ? { transient } : {}) }, ...(rows && rows.length > 0 ? { rows } : {}) };
}

function describe(request: ServiceNowWriteRequest): string {
  if (request.operation === 'update') return `servicenow: ${request.table} ${request.sysId}`;
  if (request.operation === 'upsert') return `servicenow: ${request.table} with ${request.field}=${request.correlation}`;
  if (request.operation === 'insert') return `servicenow: insert into ${request.table}`;
  return `servicenow: record staged in ${request.table}`;
}

/** The upsert's look-up: the one record whose correlation field holds the source's id; two or more refuse the record. */
export async function findByCorrelation(client: ServiceNowClient, request: Extract<TableWrite, { operation: 'upsert' }>, signal?: AbortSignal): Promise<ServiceNowRow | undefined> {
  const page = await client.pages(request.table, { query: { where: [{ field: request.field, op: '=', value: request.correlation }] }, pageSize: 2, excludeReferenceLink: true, ...sig(signal) }).next();
  const rows = page.done ? [] : page.value;
  if (rows.length > 1) throw Object.assign(new Error(`two or more ${request.table} records have ${request.field}=${request.correlation}; the correlation field must name one record`), { code: 'MLC_SERVICENOW_CORRELATION_AMBIGUOUS' });
  return rows[0];
}

export class ServiceNowWriter {
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(
    private readonly client: ServiceNowClient,
    private readonly options: ServiceNowWriterOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /** One outcome per request, in order. insertMultiple requests of one staging table go together; the rest one by one within the client's concurrency. */
  async writeBatch(requests: ServiceNowWriteRequest[], signal?: AbortSignal): Promise<ServiceNowWriteOutcome[]> {
    const out: ServiceNowWriteOutcome[] = new Array(requests.length);
    const bulk = new Map<string, Array<{ i: number; request: ImportWrite }>>();
    const others: Array<Promise<void>> = [];
    requests.forEach((request, i) => {
      if (request.operation === 'import-bulk') {
        const group = `${request.table}\u0000${request.lineTable ?? ''}`;
        bulk.set(group, [...(bulk.get(group) ?? []), { i, request }]);
      } else others.push(this.write(request, signal).then((o) => void (out[i] = o)));
    });
    const max = this.options.bulkMax ?? SERVICENOW_BULK_MAX;
    for (const group of bulk.values()) {
      for (let start = 0; start < group.length; start += max) {
        const chunk = group.slice(start, start + max);
        const outcomes = await this.importMany(chunk.map((c) => c.request), signal);
        chunk.forEach((c, k) => (out[c.i] = outcomes[k] as ServiceNowWriteOutcome));
      }
    }
    await Promise.all(others);
    return out;
  }

  async write(request: ServiceNowWriteRequest, signal?: AbortSignal): Promise<ServiceNowWriteOutcome> {
    try {
      switch (request.operation) {
        case 'insert':
          return await this.insert(request, signal);
        case 'update': {
          const row = await this.client.update(request.table, request.sysId, request.values, sig(signal));
          return { ok: true, operation: 'update', table: request.table, sysId: fieldValue(row, 'sys_id') ?? request.sysId, created: false, updated: true };
        }
        case 'upsert':
          return await this.upsert(request, signal);
        default:
          return await this.importOne(request, signal);
      }
    } catch (err) {
      return failedServiceNowOutcome(request, err, `${describe(request)} was not written`);
    }
  }

  private async insert(request: Extract<TableWrite, { operation: 'insert' }>, signal?: AbortSignal): Promise<ServiceNowWriteOutcome> {
    try {
      const row = await this.client.insert(request.table, request.values, sig(signal));
      return { ok: true, operation: 'insert', table: request.table, sysId: fieldValue(row, 'sys_id') ?? '', created: true };
    } catch (err) {
      if (!outcomeUnknown(err)) throw err;
      return refused(
        request,
        'MLC_SERVICENOW_OUTCOME_UNKNOWN',
        `${describe(request)}: the outcome is unknown (${err instanceof Error ? err.message : String(err)}); it may have been stored and is not sent again, as nothing could find it: check ${request.table}, or write with upsert by a correlation field`,
      );
    }
  }

  private async upsert(request: Extract<TableWrite, { operation: 'upsert' }>, signal?: AbortSignal): Promise<ServiceNowWriteOutcome> {
    const want = stringValues(request.values, request.table);
    let lastCause = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      const confirmed = attempt > 1 ? { confirmedBy: 'lookup' as const } : {};
      try {
        const found = await findByCorrelation(this.client, request, signal);
        if (!found) {
          const row = await this.client.insert(request.table, want, sig(signal));
          return { ok: true, operation: 'upsert', table: request.table, sysId: fieldValue(row, 'sys_id') ?? '', created: true };
        }
        const sysId = fieldValue(found, 'sys_id') ?? '';
        const changes = storedChanges(want, found);
        const changed = Object.fromEntries(changes.map((c) => [c.field, c.new]));
        const sent = Object.keys(changed);
        if (sent.length === 0) return { ok: true, operation: 'upsert', table: request.table, sysId, created: false, unchanged: true, ...confirmed };
        await this.client.update(request.table, sysId, changed, sig(signal));
        return { ok: true, operation: 'upsert', table: request.table, sysId, created: false, updated: true, sent, ...confirmed };
      } catch (err) {
        if (!outcomeUnknown(err)) throw err;
        // Maybe stored: the next round starts from the look-up by the correlation field.
        lastCause = err instanceof Error ? err.message : String(err);
      }
    }
    return refused(request, 'MLC_SERVICENOW_OUTCOME_UNKNOWN', `${describe(request)}: two attempts ended with an unknown outcome (last: ${lastCause}); not sent again. Replay it later: it is looked up by ${request.field} first`, undefined, true);
  }

  // ---- import sets, one row at a time ----

  /**
   * A row `ignored` onto its target is judged written here, whatever the node's choice: a record staged
   * again after a line failed, or after a crash between its header and its lines, meets its own earlier
   * rows ignored, and they must not keep its other rows from being staged. The choice is applied to the
   * whole record in `written` (every row ignored: nothing was new).
   */
  private judge(rows: StagedRow[]): RowVerdict {
    return judgeRows(rows, { ignoredIsUnchanged: true });
  }

  private async importOne(request: ImportWrite, signal?: AbortSignal): Promise<ServiceNowWriteOutcome> {
    let lastCause = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      const afterUnknown = attempt > 1;
      const rows: StagedRow[] = [];
      try {
        const header = await this.stageOne(request.table, request.header, afterUnknown, rows, signal);
        if (!header.ok) return refused(request, header.code, `servicenow: ${header.message}`, rows);
        let unchanged = header.unchanged;
        for (const [n, line] of request.lines.entries()) {
          const staged = await this.stageOne(request.lineTable as string, line, afterUnknown, rows, signal);
          if (!staged.ok) return refused(request, staged.code, `servicenow: line ${n + 1} of ${request.lines.length}: ${staged.message}`, rows);
          unchanged &&= staged.unchanged;
        }
        return this.written(request, header.row, header.created, unchanged, rows, afterUnknown);
      } catch (err) {
        if (!outcomeUnknown(err)) return failedServiceNowOutcome(request, err, `${describe(request)} was not written`, rows);
        lastCause = err instanceof Error ? err.message : String(err);
      }
    }
    return refused(request, 'MLC_SERVICENOW_OUTCOME_UNKNOWN', `${describe(request)}: two attempts ended with an unknown outcome (last: ${lastCause}); not staged again. Replay it later: its rows are staged again and coalesce`, undefined, true);
  }

  /**
   * One row through the synchronous Import Set API, its results added to `rows`. After an unknown
   * outcome the target is looked up by the coalesce key first (where it is known), and the transform
   * must land on the record found: another one means the map does not coalesce.
   */
  private async stageOne(staging: string, values: Record<string, unknown>, afterUnknown: boolean, rows: StagedRow[], signal?: AbortSignal): Promise<(RowVerdict & { ok: false }) | { ok: true; created: boolean; unchanged: boolean; row: StagedRow }> {
    const earlier = afterUnknown ? await coalesceLookup(this.client, staging, values, signal) : undefined;
    const staged = stagedRowsOf(await this.client.importRow(staging, values, sig(signal)), staging);
    rows.push(...staged);
    const verdict = this.judge(staged);
    if (!verdict.ok) return verdict;
    const row = staged[0] as StagedRow;
    if (earlier && earlier !== row.sysId) {
      return {
        ok: false,
        code: 'MLC_SERVICENOW_NOT_COALESCED',
        message: `after an unknown outcome the row was staged again in ${staging} and its transform wrote ${row.targetTable ?? 'the target'} ${row.sysId ?? '(none)'}, but ${earlier} already had its coalesce key: the transform map does not coalesce on that key, so there may now be two records`,
      };
    }
    return { ...verdict, row };
  }

  private written(request: ImportWrite, header: StagedRow, created: boolean, unchanged: boolean, rows: StagedRow[], afterUnknown: boolean): ServiceNowWriteOutcome {
    // "ignored" set to always fail: a record none of whose rows changed anything, unless this attempt
    // follows an unknown outcome or an earlier claim of the key (a crash after its rows went in, a
    // failure after they did): what the coalesce found may be its own.
    if (unchanged && !afterUnknown && !request.retry && !this.options.ignoredIsUnchanged) {
      const verdict = judgeRow(header, { ignoredIsUnchanged: false });
      if (!verdict.ok) return refused(request, verdict.code, `servicenow: ${verdict.message}`, rows);
    }
    return {
      ok: true,
      operation: request.operation,
      table: header.targetTable ?? request.table,
      sysId: header.sysId ?? '',
      created,
      ...(!created && !unchanged ? { updated: true as const } : {}),
      ...(!created && unchanged ? { unchanged: true as const } : {}),
      ...(afterUnknown ? { confirmedBy: 'restage' as const } : {}),
      rows,
    };
  }

  // ---- import sets, insertMultiple ----

  /** The records' headers in one import set, followed up; then the lines of the headers that succeeded in another. */
  private async importMany(requests: ImportWrite[], signal?: AbortSignal): Promise<ServiceNowWriteOutcome[]> {
    const first = requests[0] as ImportWrite;
    const rowsOf: StagedRow[][] = requests.map(() => []);
    const out: Array<ServiceNowWriteOutcome | undefined> = new Array(requests.length);
    const headers = await this.stageMany(first.table, requests.map((r) => r.header), signal);
    const lineJobs: Array<{ i: number; n: number; values: Record<string, unknown> }> = [];
    const verdicts = headers.staged.map((staged, i) => {
      const request = requests[i] as ImportWrite;
      if (!('status' in staged)) return (out[i] = failedServiceNowOutcome(request, staged.error, `${describe(request)} was not written`)), undefined;
      rowsOf[i]?.push(staged);
      const verdict = this.judge([staged]);
      if (!verdict.ok) out[i] = refused(request, verdict.code, `servicenow: ${verdict.message}`, rowsOf[i], verdict.transient);
      else request.lines.forEach((values, n) => lineJobs.push({ i, n, values }));
      return verdict;
    });
    const unchanged = verdicts.map((v) => v?.ok === true && v.unchanged);
    let linesAfterUnknown = false;
    if (lineJobs.length > 0) {
      const lines = await this.stageMany(first.lineTable as string, lineJobs.map((j) => j.values), signal);
      linesAfterUnknown = lines.afterUnknown;
      lines.staged.forEach((staged, k) => {
        const { i, n } = lineJobs[k] as (typeof lineJobs)[number];
        const request = requests[i] as ImportWrite;
        if (out[i]) return; // an earlier line of this record failed already
        if (!('status' in staged)) return void (out[i] = failedServiceNowOutcome(request, staged.error, `${describe(request)}: line ${n + 1} of ${request.lines.length} was not written`, rowsOf[i]));
        rowsOf[i]?.push(staged);
        const verdict = this.judge([staged]);
        if (!verdict.ok) out[i] = refused(request, verdict.code, `servicenow: line ${n + 1} of ${request.lines.length}: ${verdict.message}`, rowsOf[i], verdict.transient);
        else unchanged[i] &&= verdict.unchanged;
      });
    }
    return requests.map((request, i) => {
      const done = out[i];
      if (done) return done;
      const verdict = verdicts[i] as Extract<RowVerdict, { ok: true }>;
      return this.written(request, rowsOf[i]?.[0] as StagedRow, verdict.created, unchanged[i] === true, rowsOf[i] ?? [], headers.afterUnknown || (request.lines.length > 0 && linesAfterUnknown));
    });
  }

  /**
   * insertMultiple, then the staging rows read until none is pending: a staged row per value, or the
   * error that kept its outcome from being known. An unknown outcome of the POST stages them all again
   * once (the transform maps coalesce, so a row the first call loaded comes out `ignored` or `updated`).
   */
  private async stageMany(staging: string, values: Array<Record<string, unknown>>, signal?: AbortSignal): Promise<{ staged: Array<StagedRow | { error: unknown }>; afterUnknown: boolean }> {
    let afterUnknown = false;
    let importSetId: string;
    for (;;) {
      try {
        importSetId = (await this.client.insertMultiple(staging, values, { ...sig(signal) })).importSetId;
        break;
      } catch (err) {
        if (afterUnknown || !outcomeUnknown(err)) return { staged: values.map(() => ({ error: err })), afterUnknown };
        afterUnknown = true;
      }
    }
    try {
      const read = await this.follow(staging, importSetId, values.length, signal);
      return { staged: values.map((_, i) => read.get(i) ?? { error: missingRow(staging, importSetId, i) }), afterUnknown };
    } catch (err) {
      const unread = Object.assign(new Error(`the rows were loaded into import set ${importSetId} of ${staging} but their transform outcome could not be read (${err instanceof Error ? err.message : String(err)}); replay stages them again, and the transform coalesces`), { code: 'MLC_SERVICENOW_TRANSFORM_UNREAD', transient: true });
      return { staged: values.map(() => ({ error: unread })), afterUnknown };
    }
  }

  /** Reads the import set's staging rows with a growing wait until none is pending, or the follow time is up (the rest stay `pending`: failed, transient). */
  private async follow(staging: string, importSetId: string, total: number, signal?: AbortSignal): Promise<Map<number, StagedRow>> {
    const until = this.now() + (this.options.followMs ?? 120_000);
    let wait = this.options.followIntervalMs ?? 250;
    const cap = this.options.followMaxIntervalMs ?? 5_000;
    for (;;) {
      const rows = await this.client.importRows(staging, importSetId, sig(signal));
      const done = rows.filter((r) => r.state !== 'pending').length;
      this.options.onProgress?.(`waiting for transform, ${done} of ${total} done`);
      if ((done === rows.length && rows.length >= total) || this.now() + wait > until) {
        const out = new Map<number, StagedRow>();
        rows.forEach((r, k) => out.set(r.row ?? k, stagedRowOf(r, staging, importSetId)));
        if (done < rows.length) {
          for (const [i, row] of out) if (row.status === 'pending') out.set(i, { ...row, message: `still waiting for the transform after ${Math.round((this.options.followMs ?? 120_000) / 1000)} s` });
        }
        return out;
      }
      await this.sleep(wait, signal);
      wait = Math.min(wait * 2, cap);
    }
  }
}

function sig(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

function missingRow(staging: string, importSetId: string, index: number): Error {
  return Object.assign(new Error(`row ${index} of import set ${importSetId} is not among the staging rows of ${staging} (deleted, or an ACL hides it)`), { code: 'MLC_SERVICENOW_ROW_MISSING' });
}
