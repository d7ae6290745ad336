// Plan-only writes to Odoo: for a batch of write requests, what the writer (writer.ts) would do with
// each record, found the same way it finds them, without writing anything. Per batch and model: the
// writer's own lookup (write-match.ts: one ir.model.data or match-field search, one existence check),
// one read of the fields the requests set on the records found, and one read per line model whose
// lines a request replaces. Reads only: search_read and fields_get.
import { stableJson } from '../envelope';
import type { PlanAction, PlanFieldChange } from '../plan/plan';
import type { FieldInfo, OdooClient } from './client';
import { WITH_ARCHIVED } from './domain';
import { EXTERNAL_ID_MODULE } from './external-ids';
import { changedFields, lineRecord, requestedForm, type Lines } from './plan-diff';
import { failure, OdooWriteError } from './write-errors';
import { locate, type Located } from './write-match';
import type { WriteFailure, WriteRequest } from './write-request';

export interface PlanSuccess {
  ok: true;
  action: PlanAction;
  /** The record the write would change (none for a create). */
  id?: number;
  changes: PlanFieldChange[];
  /** Why a found record would be left as it is, when that is not "already so". */
  note?: string;
}

export type PlanOutcome = PlanSuccess | WriteFailure;

interface Item {
  index: number;
  request: WriteRequest;
}

export class OdooWritePlanner {
  private readonly module: string;

  constructor(
    private readonly client: OdooClient,
    options: { module?: string } = {},
  ) {
    this.module = options.module ?? EXTERNAL_ID_MODULE;
  }

  /** One outcome per request, in order; the name lets the write nodes' batching drive it like a writer. */
  async writeBatch(requests: WriteRequest[]): Promise<PlanOutcome[]> {
    const outcomes = new Array<PlanOutcome>(requests.length);
    for (const group of byModelAndMatch(requests)) {
      try {
        await this.planGroup(group, outcomes);
      } catch (err) {
        for (const { index } of group) outcomes[index] ??= failure(err);
      }
    }
    return outcomes;
  }

  private async planGroup(group: Item[], outcomes: PlanOutcome[]): Promise<void> {
    const { model, match } = group[0]!.request;
    const located = await locate(this.client, model, match, group.map((g) => g.request), this.module);
    const found: Array<Item & { at: Extract<Located, { kind: 'found' }> }> = [];
    group.forEach((item, i) => {
      const at = located[i]!;
      const { operation } = item.request;
      if (at.kind === 'failed') outcomes[item.index] = at.failure;
      else if (at.kind === 'found') found.push({ ...item, at });
      else if (operation === 'update' || operation === 'archive') {
        outcomes[item.index] = failure(new OdooWriteError(`no ${model} record matches; nothing to ${operation}`, 'MLC_ODOO_WRITE_NOT_FOUND'));
      } else outcomes[item.index] = { ok: true, action: 'create', changes: [] };
    });
    const infos = await this.client.fieldInfos(model);
    for (const item of group) {
      const outcome = outcomes[item.index];
      if (outcome?.ok && outcome.action === 'create') outcome.changes = createdFields(item.request.values, infos);
    }
    if (found.length === 0) return;

    const fields = new Set<string>();
    for (const { request } of found) {
      if (request.operation === 'archive') fields.add('active');
      else for (const field of Object.keys(request.values)) if (field !== 'id' && infos.has(field)) fields.add(field);
    }
    if (infos.has('active')) fields.add('active');
    const ids = [...new Set(found.map((f) => f.at.id))];
    const rows = await this.client.searchRead(model, { domain: [['id', 'in', ids]], fields: [...fields], context: WITH_ARCHIVED, raw: true });
    const current = new Map(rows.map((row) => [row.id, row]));
    const lines = await this.readLines(found.map((f) => f.request.values), rows, infos);

    for (const { index, request, at } of found) {
      const row = current.get(at.id) ?? { id: at.id };
      if (request.operation === 'upsert' && at.state === 'posted') {
        outcomes[index] = { ok: true, action: 'unchanged', id: at.id, changes: [], note: 'a posted entry is left as it is' };
        continue;
      }
      const values = request.operation === 'archive' ? { active: false } : withoutId(request.values);
      const changes = changedFields(values, row, infos, (field) => lines.get(field));
      const archives = changes.some((c) => c.field === 'active' && c.new === false);
      const action: PlanAction = archives ? 'archive' : changes.length > 0 ? 'update' : 'unchanged';
      outcomes[index] = { ok: true, action, id: at.id, changes };
    }
  }

  /**
   * The existing lines of the one2many fields whose lines a request replaces, with the fields the new
   * lines set: one read per line model for the whole batch.
   */
  private async readLines(requested: Array<Record<string, unknown>>, rows: Array<Record<string, unknown>>, infos: ReadonlyMap<string, FieldInfo>): Promise<Map<string, Lines>> {
    const wanted = new Map<string, { relation: string; fields: Set<string> }>();
    for (const values of requested) {
      for (const [field, value] of Object.entries(values)) {
        const info = infos.get(field);
        if (info?.type !== 'one2many' || !info.relation || !Array.isArray(value)) continue;
        const entry = wanted.get(field) ?? { relation: info.relation, fields: new Set<string>() };
        for (const command of value) if (Array.isArray(command) && command[0] === 0 && isObject(command[2])) for (const f of Object.keys(command[2])) entry.fields.add(f);
        wanted.set(field, entry);
      }
    }
    const out = new Map<string, Lines>();
    const byRelation = new Map<string, { fields: Set<string>; ids: Set<number>; of: string[] }>();
    for (const [field, { relation, fields }] of wanted) {
      const entry = byRelation.get(relation) ?? { fields: new Set<string>(), ids: new Set<number>(), of: [] };
      for (const f of fields) entry.fields.add(f);
      for (const row of rows) for (const id of Array.isArray(row[field]) ? (row[field] as number[]) : []) entry.ids.add(id);
      entry.of.push(field);
      byRelation.set(relation, entry);
    }
    for (const [relation, { fields, ids, of }] of byRelation) {
      const names = [...fields];
      const lineInfos = await this.client.fieldInfos(relation);
      const lineRows = ids.size > 0 ? await this.client.searchRead(relation, { domain: [['id', 'in', [...ids]]], fields: names, context: WITH_ARCHIVED, raw: true }) : [];
      const lines: Lines = { values: new Map(lineRows.map((row) => [row.id, lineRecord(row, names, lineInfos)])), infos: lineInfos };
      for (const field of of) out.set(field, lines);
    }
    return out;
  }
}

/** A create sets every field the request names: shown with no old value. */
function createdFields(values: Record<string, unknown>, infos: ReadonlyMap<string, FieldInfo>): PlanFieldChange[] {
  return Object.entries(values)
    .filter(([field, value]) => field !== 'id' && value !== undefined)
    .map(([field, value]) => {
      const info = infos.get(field);
      return { field, old: null, new: info && info.type !== 'one2many' && info.type !== 'many2many' ? requestedForm(value, info) : value };
    });
}

/** Requests found by the same lookup: same model and matching. */
function byModelAndMatch(requests: WriteRequest[]): Item[][] {
  const groups = new Map<string, Item[]>();
  requests.forEach((request, index) => {
    const key = stableJson([request.model, request.match]);
    groups.set(key, [...(groups.get(key) ?? []), { index, request }]);
  });
  return [...groups.values()];
}

function withoutId(values: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = values;
  return rest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
