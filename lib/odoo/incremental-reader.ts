// Mode "incremental": only records created or changed since the last run, in (write_date, id) order,
// paged by keyset (no offset: records changed during the read cannot shift a page). The cursor in the
// store moves to the last record of a page only once that page is audited (or, if asked, once it is
// sent), so a crash, a redeploy or a failed write makes the next run read the page again rather than
// skip it.
import type { Store } from '../store/types';
import { waitUntilAudited } from '../read/audit-wait';
import { auditGeneration } from '../store/audit-signal';
import type { OdooClient } from './client';
import { afterCursorDomain, cursorAt, decodeCursor, describeCursor, encodeCursor, type ReadCursor } from './cursor';
import { andDomains, type Domain } from './domain';
import { fetchPage, fieldsToRead, recordKey, type OdooRecord } from './page-fetch';
import { isoToOdooDatetime } from './values';
import type { ReadSink, ReadSummary } from './read-types';

export type AdvanceWhen = 'audited' | 'sent';

export interface IncrementalReadOptions {
  model: string;
  domain: Domain;
  fields?: string[];
  pageSize: number;
  /** Read archived records too, so a load can see a record being archived (its write_date moves). */
  includeArchived?: boolean;
  /** Put before every record's key (see recordKey). */
  keyPrefix?: string;
  cursorName: string;
  advance: AdvanceWhen;
  /** How long a page may wait for its audit before the run stops. */
  auditTimeoutMs: number;
  /**
   * Leave out records changed in the last this many seconds. Odoo stamps write_date when a transaction
   * starts, so a long transaction can commit records dated before ones already read; staying behind
   * "now" lets it finish first. 0: read up to now.
   */
  settleSeconds?: number;
  /** "Now" for the settle bound; the host's clock by default. */
  now?: () => number;
  signal?: AbortSignal;
}

export const INCREMENTAL_ORDER = 'write_date asc, id asc';

export class NotAuditedError extends Error {
  readonly code = 'MLC_ODOO_READ_NOT_AUDITED';
  constructor(
    readonly pending: number,
    readonly pageSize: number,
    readonly page: number,
    readonly cursorName: string,
    readonly cursor: ReadCursor | null,
    timeoutMs: number,
  ) {
    super(
      `${pending} of ${pageSize} records of page ${page} were not audited (posted, failed or parked) within ${formatMs(timeoutMs)}; ` +
        `the cursor "${cursorName}" stays at ${describeCursor(cursor)}, so the next run reads them again`,
    );
    this.name = 'NotAuditedError';
  }
}

export async function readIncremental(client: OdooClient, store: Store, options: IncrementalReadOptions, sink: ReadSink): Promise<ReadSummary> {
  let cursor = decodeCursor((await store.getCursor(options.cursorName))?.value, options.cursorName);
  const fields = fieldsToRead(options.fields);
  // Fixed for the whole run, so the pages of one run read one consistent range.
  const settle = options.settleSeconds ?? 0;
  const base = settle > 0 ? andDomains(options.domain, [['write_date', '<=', isoToOdooDatetime(new Date((options.now ?? Date.now)() - settle * 1000).toISOString())]]) : options.domain;
  let read = 0;
  let pages = 0;
  // Whether the last page was audited without any audit written while it waited (records done before,
  // or audited in another process): then the next page is counted at once rather than after a signal.
  let doneWithoutSignal = true;
  const pageAfter = (from: ReadCursor | null): Promise<OdooRecord[]> =>
    fetchPage(client, {
      model: options.model,
      domain: from ? andDomains(base, afterCursorDomain(from)) : base,
      ...(fields ? { fields } : {}),
      order: INCREMENTAL_ORDER,
      limit: options.pageSize,
      ...(options.includeArchived ? { includeArchived: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  // The page after the one waiting for its audit, asked for while it waits (what Odoo answers does
  // not depend on the audit); it is sent only once the cursor has moved past the one before.
  let prefetched: Promise<OdooRecord[]> | null = null;
  for (;;) {
    options.signal?.throwIfAborted();
    const records = await (prefetched ?? pageAfter(cursor));
    prefetched = null;
    if (records.length === 0) break;
    const last = records[records.length - 1];
    // Checked before sending: a page whose cursor cannot be stored must not go out.
    const next = cursorAt(last ?? {}, options.model);
    if (options.advance === 'audited' && records.length === options.pageSize) {
      prefetched = pageAfter(next);
      // Awaited on the next turn; a run that stops first (audit timeout, abort) never reads it.
      prefetched.catch(() => undefined);
    }
    const keys = records.map((r) => recordKey(options.model, r, options.keyPrefix));
    pages++;
    read += records.length;
    const sentAt = auditGeneration(store);
    await sink.emit({ number: pages, records, keys });
    if (options.advance === 'audited') {
      const pending = await waitUntilAudited(store, keys, {
        timeoutMs: options.auditTimeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(doneWithoutSignal ? {} : { sentAt }),
      });
      doneWithoutSignal = auditGeneration(store) === sentAt;
      if (pending > 0) throw new NotAuditedError(pending, new Set(keys).size, pages, options.cursorName, cursor, options.auditTimeoutMs);
    }
    await store.setCursor(options.cursorName, encodeCursor(next), { onlyForward: true });
    cursor = next;
    if (records.length < options.pageSize) break;
  }
  return { read, pages, cursor: cursor ? encodeCursor(cursor) : null };
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}
