// One page of search_read for the read node. Goes through OdooClient.call rather than searchRead so
// the read can be cancelled (a redeploy aborts the HTTP request), and checks what comes back: a page
// is the unit the cursor moves by, so a record without an id must not slip through.
import { z } from 'zod';
import type { OdooClient } from './client';
import type { Domain } from './domain';
import { normalizeRecord } from './values';

export interface PageQuery {
  model: string;
  domain: Domain;
  /** Omitted: every field. */
  fields?: string[];
  order: string;
  limit: number;
  offset?: number;
  signal?: AbortSignal;
}

export type OdooRecord = Record<string, unknown> & { id: number };

const rowsSchema = z.array(z.looseObject({ id: z.number().int() }));

export async function fetchPage(client: OdooClient, query: PageQuery): Promise<OdooRecord[]> {
  const kwargs: Record<string, unknown> = { domain: query.domain, order: query.order, limit: query.limit };
  if (query.fields) kwargs['fields'] = query.fields;
  if (query.offset) kwargs['offset'] = query.offset;
  const raw = await client.call({
    model: query.model,
    method: 'search_read',
    kwargs,
    idempotent: true,
    ...(query.signal ? { signal: query.signal } : {}),
  });
  const parsed = rowsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`odoo: ${query.model}.search_read answered something that is not a list of records with ids`);
  if (parsed.data.length === 0) return [];
  const types = await client.types(query.model);
  return parsed.data.map((row) => normalizeRecord(row, types) as OdooRecord);
}

/** The fields to ask for: the user's list plus what the key and cursor need; undefined means all. */
export function fieldsToRead(fields: readonly string[] | undefined): string[] | undefined {
  if (!fields || fields.length === 0) return undefined;
  return [...new Set([...fields, 'write_date'])];
}

/** msg.mlc.key of a record: one key per version of the record, so a later change is posted again. */
export function recordKey(model: string, record: OdooRecord): string {
  const writeDate = record['write_date'];
  return typeof writeDate === 'string' && writeDate !== '' ? `odoo:${model}:${record.id}:${writeDate}` : `odoo:${model}:${record.id}`;
}
