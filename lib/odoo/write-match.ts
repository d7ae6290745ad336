// Finding the records a batch of writes is about: by id, by external id (one ir.model.data
// search_read for the batch) or by a unique field (one search_read with 'in'). Archived records are
// searched too (active_test false), so a rehire finds the archived employee instead of making a second.
import type { OdooClient } from './client';
import { WITH_ARCHIVED } from './domain';
import { EXTERNAL_ID_MODULE, externalIdName, lookupExternalIds } from './external-ids';
import { failure, OdooWriteError } from './write-errors';
import type { MatchBy, WriteFailure, WriteRequest } from './write-request';


/** Models whose records have a state the writer must know: a posted entry is not written again. */
const STATEFUL = new Set(['account.move']);

export type Located =
  | { kind: 'found'; id: number; state?: string; xmlid?: string }
  /** unchecked: not looked up (the key's first claim), so load() may yet meet the record. */
  | { kind: 'missing'; xmlid?: { name: string; danglingRowId?: number }; unchecked?: true }
  | { kind: 'failed'; failure: WriteFailure };

type Target = { by: 'id'; id: number } | { by: 'xmlid'; name: string } | { by: 'field'; value: string | number } | { by: 'none' } | { by: 'error'; failure: WriteFailure };

/** What makes two requests of a batch write the same record; they are then written one after the other. */
export function identityOf(request: WriteRequest): string | null {
  const target = targetOf(request);
  switch (target.by) {
    case 'id':
      return `id:${target.id}`;
    case 'xmlid':
      return `x:${target.name}`;
    case 'field':
      return `f:${String(target.value)}`;
    default:
      return null;
  }
}

function targetOf(request: WriteRequest): Target {
  if (request.operation === 'create') return { by: 'none' };
  if (request.id !== undefined) return { by: 'id', id: request.id };
  return targetByMatch(request, request.match);
}

function targetByMatch(request: WriteRequest, match: MatchBy): Target {
  if (match.kind === 'external-id') {
    if (!request.key) {
      return { by: 'error', failure: failure(new OdooWriteError('msg.mlc.key is missing: the external id is made from it (or match on a field, or give msg.odooId)', 'MLC_ODOO_WRITE_NO_KEY')) };
    }
    return { by: 'xmlid', name: externalIdName(request.key) };
  }
  const value = request.values[match.field];
  if ((typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value))) return { by: 'field', value };
  return { by: 'error', failure: failure(new OdooWriteError(`payload.${match.field} is empty: the record is matched on it`, 'MLC_ODOO_WRITE_NO_KEY')) };
}

export async function locate(client: OdooClient, model: string, match: MatchBy, requests: WriteRequest[], module = EXTERNAL_ID_MODULE): Promise<Located[]> {
  const targets = requests.map(targetOf);
  const stateFields = STATEFUL.has(model) ? ['state'] : [];

  const names = targets.flatMap((t) => (t.by === 'xmlid' ? [t.name] : []));
  const xmlids = await lookupExternalIds(client, model, names, module);

  const byField = new Map<string, Array<{ id: number; state?: string }>>();
  const fieldValues = targets.flatMap((t) => (t.by === 'field' ? [t.value] : []));
  if (match.kind === 'field' && fieldValues.length > 0) {
    const rows = await client.searchRead(model, {
      domain: [[match.field, 'in', [...new Set(fieldValues)]]],
      fields: [match.field, ...stateFields],
      context: WITH_ARCHIVED,
      raw: true,
    });
    for (const row of rows) {
      if (typeof row.id !== 'number') continue;
      const key = String(row[match.field]);
      byField.set(key, [...(byField.get(key) ?? []), { id: row.id, ...stateOf(row) }]);
    }
  }

  // An id from the message or from ir.model.data may point at a deleted record: check they exist.
  const claimed = [...new Set(targets.flatMap((t) => (t.by === 'id' ? [t.id] : t.by === 'xmlid' && xmlids.has(t.name) ? [xmlids.get(t.name)!.resId] : [])))];
  const existing = new Map<number, { state?: string }>();
  if (claimed.length > 0) {
    const rows = await client.searchRead(model, { domain: [['id', 'in', claimed]], fields: stateFields.length ? stateFields : ['id'], context: WITH_ARCHIVED, raw: true });
    for (const row of rows) if (typeof row.id === 'number') existing.set(row.id, stateOf(row));
  }

  return targets.map((target): Located => {
    switch (target.by) {
      case 'error':
        return { kind: 'failed', failure: target.failure };
      case 'none':
        return { kind: 'missing' };
      case 'id': {
        const found = existing.get(target.id);
        return found ? { kind: 'found', id: target.id, ...found } : notFound(`${model} ${target.id} does not exist`);
      }
      case 'xmlid': {
        const row = xmlids.get(target.name);
        const found = row ? existing.get(row.resId) : undefined;
        if (row && found) return { kind: 'found', id: row.resId, ...found, xmlid: target.name };
        return { kind: 'missing', xmlid: { name: target.name, ...(row ? { danglingRowId: row.rowId } : {}) } };
      }
      case 'field': {
        const rows = byField.get(String(target.value)) ?? [];
        if (rows.length > 1) {
          const ids = rows.map((r) => r.id).join(', ');
          return { kind: 'failed', failure: failure(new OdooWriteError(`${rows.length} ${model} records have ${match.kind === 'field' ? match.field : 'the value'} = ${String(target.value)} (ids ${ids}); cannot tell which to write`, 'MLC_ODOO_WRITE_AMBIGUOUS')) };
        }
        const [row] = rows;
        return row ? { kind: 'found', id: row.id, ...(row.state !== undefined ? { state: row.state } : {}) } : { kind: 'missing' };
      }
    }
  });
}

function stateOf(row: Record<string, unknown>): { state?: string } {
  return typeof row['state'] === 'string' ? { state: row['state'] } : {};
}

function notFound(message: string): Located {
  return { kind: 'failed', failure: failure(new OdooWriteError(message, 'MLC_ODOO_WRITE_NOT_FOUND')) };
}
