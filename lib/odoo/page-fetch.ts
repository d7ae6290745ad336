// One page of search_read for the read node: the unit the cursor moves by.
import type { OdooClient, OdooRecord } from './client';
import { WITH_ARCHIVED, type Domain } from './domain';

export type { OdooRecord } from './client';

export interface PageQuery {
  model: string;
  domain: Domain;
  /** Omitted: every field. */
  fields?: string[];
  order: string;
  limit: number;
  offset?: number;
  /** Also archived records (active = False), which Odoo's search leaves out unless told. */
  includeArchived?: boolean;
  signal?: AbortSignal;
}

export function fetchPage(client: OdooClient, query: PageQuery): Promise<OdooRecord[]> {
  return client.searchRead(query.model, {
    domain: query.domain,
    order: query.order,
    limit: query.limit,
    ...(query.fields ? { fields: query.fields } : {}),
    ...(query.offset ? { offset: query.offset } : {}),
    ...(query.includeArchived ? { context: { ...WITH_ARCHIVED } } : {}),
    ...(query.signal ? { signal: query.signal } : {}),
  });
}

/** The fields to ask for: the user's list plus what the key and cursor need; undefined means all. */
export function fieldsToRead(fields: readonly string[] | undefined): string[] | undefined {
  if (!fields || fields.length === 0) return undefined;
  return [...new Set([...fields, 'write_date'])];
}

/**
 * msg.mlc.key of a record: one key per version of the record, so a later change is posted again. A
 * prefix keeps apart two reads of the same model that go different ways (vendor bills and journal
 * entries into two tables, or a model two flows on one store read): without it each would find the
 * other's keys already audited.
 */
export function recordKey(model: string, record: OdooRecord, prefix = ''): string {
  const writeDate = record['write_date'];
  const key = typeof writeDate === 'string' && writeDate !== '' ? `odoo:${model}:${record.id}:${writeDate}` : `odoo:${model}:${record.id}`;
  return prefix ? `${prefix}:${key}` : key;
}
