import type { IncomingHttpHeaders } from 'node:http';
import { maskBody, maskHeaders, maskQuery } from './masking';
import { requestMatches } from './request-match';

/** How the simulator ended an exchange; faults and quotas get their own outcome so tests can count them. */
export type RequestOutcome =
  | 'pending'
  | 'answered'
  | 'fault-status'
  | 'rate-limited'
  | 'dropped'
  | 'hung'
  | 'reset-mid-body'
  | 'handler-error'
  | 'client-closed';

export type LogTags = Record<string, string | number | boolean>;

export interface RequestLogEntry {
  seq: number;
  /** Sandbox-clock time the request arrived. */
  at: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case names; Authorization and key-like headers masked (see masking.ts). */
  headers: Record<string, string>;
  /** The parsed JSON or form body with secret-looking fields masked, when the handler read one. */
  body?: unknown;
  status: number | null;
  outcome: RequestOutcome;
  /** Real milliseconds from arrival to the end of the answer (not sandbox-clock time). */
  durationMs: number | null;
  /**
   * The TCP connection it came on, numbered in order of opening. A client without pipelining sends
   * the next request on a connection only after reading the last answer on it, so the log can show
   * what a client did after it had an answer in hand.
   */
  connection?: number;
  /** Whatever the simulator chose to record, e.g. `{ model: 'res.partner', method: 'search_read' }`. */
  tags: LogTags;
  error?: string;
}

export interface RequestLogFilter {
  method?: string;
  /** A string is a path prefix. */
  path?: string | RegExp;
  status?: number;
  outcome?: RequestOutcome;
  /** Only entries with a larger `seq`, so a test can look at "what happened since". */
  sinceSeq?: number;
  /** Tags to match; compared as strings so a filter from a query string finds numeric tags too. */
  tag?: LogTags;
  limit?: number;
}

/** The handle a live request uses to fill in its own entry. */
export interface LogEntryWriter {
  readonly seq: number;
  recordBody(body: unknown): void;
  annotate(tags: LogTags): void;
  finish(outcome: RequestOutcome, status: number | null, error?: string): void;
}

export class RequestLog {
  private items: RequestLogEntry[] = [];
  private nextSeq = 1;

  constructor(readonly capacity = 10_000) {}

  begin(request: { method: string; path: string; query: URLSearchParams; headers: IncomingHttpHeaders; at: string; connection?: number }): LogEntryWriter {
    const entry: RequestLogEntry = {
      seq: this.nextSeq++,
      at: request.at,
      method: request.method,
      path: request.path,
      query: maskQuery(request.query),
      headers: maskHeaders(request.headers),
      status: null,
      outcome: 'pending',
      durationMs: null,
      ...(request.connection !== undefined ? { connection: request.connection } : {}),
      tags: {},
    };
    this.items.push(entry);
    if (this.items.length > this.capacity) this.items.shift();
    const startedAt = performance.now();
    return {
      seq: entry.seq,
      recordBody: (body) => {
        entry.body = maskBody(body);
      },
      annotate: (tags) => {
        Object.assign(entry.tags, tags);
      },
      finish: (outcome, status, error) => {
        if (entry.outcome !== 'pending') return;
        entry.outcome = outcome;
        entry.status = status;
        entry.durationMs = Math.round((performance.now() - startedAt) * 10) / 10;
        if (error !== undefined) entry.error = error;
      },
    };
  }

  /** Copies, oldest first; `limit` keeps the newest ones. */
  entries(filter: RequestLogFilter = {}): RequestLogEntry[] {
    const matching = this.items.filter((entry) => matches(entry, filter)).map((entry) => structuredClone(entry));
    return filter.limit === undefined ? matching : matching.slice(Math.max(0, matching.length - filter.limit));
  }

  count(filter: RequestLogFilter = {}): number {
    return this.items.filter((entry) => matches(entry, filter)).length;
  }

  last(filter: RequestLogFilter = {}): RequestLogEntry | undefined {
    return this.entries({ ...filter, limit: 1 })[0];
  }

  get size(): number {
    return this.items.length;
  }

  /** The seq the next request will get; `sinceSeq: log.lastSeq` then means "from now on". */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  clear(): void {
    this.items = [];
  }
}

function matches(entry: RequestLogEntry, filter: RequestLogFilter): boolean {
  if (!requestMatches(filter, entry.method, entry.path)) return false;
  if (filter.status !== undefined && entry.status !== filter.status) return false;
  if (filter.outcome !== undefined && entry.outcome !== filter.outcome) return false;
  if (filter.sinceSeq !== undefined && entry.seq <= filter.sinceSeq) return false;
  if (filter.tag !== undefined && !Object.entries(filter.tag).every(([key, value]) => String(entry.tags[key]) === String(value))) return false;
  return true;
}

