// Mode "once": every record matching the domain, page by page. With the default order 'id asc' the
// pages are an id range (id > last id seen), so records created or deleted during the read never
// shift a page and a record is neither skipped nor read twice; any other order pages by offset.
import type { OdooClient } from './client';
import { andDomains, type Domain } from './domain';
import { fetchPage, fieldsToRead, recordKey } from './page-fetch';
import type { ReadSink, ReadSummary } from './read-types';

export interface OnceReadOptions {
  model: string;
  domain: Domain;
  fields?: string[];
  order: string;
  pageSize: number;
  includeArchived?: boolean;
  /** Put before every record's key (see recordKey). */
  keyPrefix?: string;
  signal?: AbortSignal;
}

export async function readOnce(client: OdooClient, options: OnceReadOptions, sink: ReadSink): Promise<ReadSummary> {
  const byId = isIdAscending(options.order);
  // Offset paging needs a total order, or Odoo may return a record on two pages and another on none.
  const order = byId || /\bid\b/.test(options.order) ? options.order : `${options.order}, id asc`;
  let lastId = 0;
  let offset = 0;
  const fields = fieldsToRead(options.fields);
  let read = 0;
  let pages = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const records = await fetchPage(client, {
      model: options.model,
      domain: byId && lastId > 0 ? andDomains(options.domain, [['id', '>', lastId]]) : options.domain,
      ...(fields ? { fields } : {}),
      order,
      limit: options.pageSize,
      ...(byId ? {} : { offset }),
      ...(options.includeArchived ? { includeArchived: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (records.length === 0) break;
    pages++;
    read += records.length;
    offset += records.length;
    lastId = records[records.length - 1]?.id ?? lastId;
    await sink.emit({ number: pages, records, keys: records.map((r) => recordKey(options.model, r, options.keyPrefix)) });
    if (records.length < options.pageSize) break;
  }
  return { read, pages, cursor: null };
}

export function isIdAscending(order: string): boolean {
  return /^\s*id(\s+asc)?\s*$/i.test(order);
}
