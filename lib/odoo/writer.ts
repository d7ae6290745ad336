// Writes a batch of records to Odoo in as few calls as the batch allows: one lookup, one write per
// distinct set of values, one create for every new record, one ir.model.data create for their external
// ids, one action_post. Odoo runs each call as one transaction, so one bad record fails the whole call;
// then the records of that call are sent again one by one, and only the bad one fails.
import { stableJson } from '../envelope';
import type { OdooClient } from './client';
import { EXTERNAL_ID_MODULE, lookupExternalIds, registerExternalIds } from './external-ids';
import { failure, isRecordLevel, OdooWriteError } from './write-errors';
import { identityOf, locate, type Located } from './write-match';
import type { WriteOutcome, WriteRequest, WriteSuccess } from './write-request';
import { valuesForExisting } from './x2many-replace';

export interface WriterOptions {
  /** ir.model.data module of the external ids; default `mlc`. */
  module?: string;
}

interface Pending {
  index: number;
  request: WriteRequest;
  located: Located;
}

export class OdooWriter {
  private readonly module: string;

  constructor(
    private readonly client: OdooClient,
    options: WriterOptions = {},
  ) {
    this.module = options.module ?? EXTERNAL_ID_MODULE;
  }

  /** One outcome per request, in order; rejects only when nothing could be tried (never per record). */
  async writeBatch(requests: WriteRequest[]): Promise<WriteOutcome[]> {
    const outcomes: WriteOutcome[] = new Array<WriteOutcome>(requests.length);
    for (const group of groups(requests)) {
      for (const round of rounds(group)) {
        try {
          await this.writeRound(round, outcomes);
        } catch (err) {
          // A call failed in a way that says nothing about single records (login refused, server gone).
          for (const { index } of round) outcomes[index] ??= failure(err);
        }
      }
    }
    return outcomes;
  }

  private async writeRound(round: Array<{ index: number; request: WriteRequest }>, outcomes: WriteOutcome[]): Promise<void> {
    const first = round[0];
    if (!first) return;
    const { model, operation, match } = first.request;
    const located = await locate(this.client, model, match, round.map((r) => r.request));
    const found: Pending[] = [];
    const missing: Pending[] = [];
    round.forEach((r, i) => {
      const at = located[i]!;
      if (at.kind === 'failed') outcomes[r.index] = at.failure;
      else if (at.kind === 'found') found.push({ ...r, located: at });
      else if (operation === 'update' || operation === 'archive') {
        outcomes[r.index] = failure(new OdooWriteError(`no ${model} record matches (${describeMatch(r.request)}); nothing to ${operation}`, 'MLC_ODOO_WRITE_NOT_FOUND'));
      } else missing.push({ ...r, located: at });
    });

    const toPost: Array<{ index: number; id: number; created: boolean }> = [];
    await this.writeExisting(model, found, outcomes, toPost);
    await this.createMissing(model, missing, outcomes, toPost);
    await this.post(model, toPost, outcomes);
  }

  private async writeExisting(model: string, found: Pending[], outcomes: WriteOutcome[], toPost: Array<{ index: number; id: number; created: boolean }>): Promise<void> {
    if (found.length === 0) return;
    const types = await this.client.types(model);
    const writes = new Map<string, { vals: Record<string, unknown>; items: Array<Pending & { id: number }> }>();
    for (const item of found) {
      if (item.located.kind !== 'found') continue;
      const { id, state } = item.located;
      const { operation, post } = item.request;
      if (operation === 'upsert' && state === 'posted') {
        // Odoo refuses changes to a posted entry; finding it again is the replay case: nothing to do.
        outcomes[item.index] = { ok: true, id, created: false, posted: true, unchanged: true };
        continue;
      }
      const vals = operation === 'archive' ? { active: false } : valuesForExisting(withoutId(item.request.values), types);
      const groupKey = stableJson(vals);
      const entry = writes.get(groupKey) ?? { vals, items: [] };
      entry.items.push({ ...item, id });
      writes.set(groupKey, entry);
      if (post && operation !== 'archive' && state === 'draft') toPost.push({ index: item.index, id, created: false });
    }
    for (const { vals, items } of writes.values()) {
      const failed = await this.isolate(items, (batch) => this.client.write(model, batch.map((i) => i.id), vals));
      for (const item of items) {
        const err = failed.get(item);
        outcomes[item.index] = err ? failure(err) : { ok: true, id: item.id, created: false };
      }
    }
    // A draft that could not be written is not posted either.
    for (let i = toPost.length - 1; i >= 0; i--) if (!outcomes[toPost[i]!.index]?.ok) toPost.splice(i, 1);
  }

  private async createMissing(model: string, missing: Pending[], outcomes: WriteOutcome[], toPost: Array<{ index: number; id: number; created: boolean }>): Promise<void> {
    if (missing.length === 0) return;
    const created = new Map<Pending, number>();
    const failed = await this.isolate(missing, async (batch) => {
      const ids = await this.client.create(model, batch.map((p) => withoutId(p.request.values)));
      batch.forEach((p, i) => created.set(p, ids[i]!));
    });
    for (const item of missing) {
      const err = failed.get(item);
      const id = created.get(item);
      outcomes[item.index] = err || id === undefined ? failure(err ?? new Error(`${model}.create returned no id`)) : { ok: true, id, created: true };
    }
    await this.registerXmlids(model, missing.filter((p) => created.has(p)), created, outcomes);
    for (const item of missing) {
      const id = created.get(item);
      const outcome = outcomes[item.index];
      // Not posted: failed, or it lost a race and the record is the other writer's (see lostRaceTo).
      if (id !== undefined && item.request.post && outcome?.ok && outcome.id === id) toPost.push({ index: item.index, id, created: true });
    }
  }

  /** The external ids of the new records: registered before posting, so a replay after a failed post finds the draft. */
  private async registerXmlids(model: string, created: Pending[], ids: Map<Pending, number>, outcomes: WriteOutcome[]): Promise<void> {
    const fresh: Array<Pending & { name: string; resId: number }> = [];
    const dangling: Array<Pending & { rowId: number; resId: number; name: string }> = [];
    for (const item of created) {
      const xmlid = item.located.kind === 'missing' ? item.located.xmlid : undefined;
      const resId = ids.get(item);
      if (!xmlid || resId === undefined) continue;
      if (xmlid.danglingRowId !== undefined) dangling.push({ ...item, rowId: xmlid.danglingRowId, resId, name: xmlid.name });
      else fresh.push({ ...item, name: xmlid.name, resId });
    }
    const failed = await this.isolate(fresh, (batch) => registerExternalIds(this.client, model, batch, this.module));
    for (const item of dangling) {
      // The record this external id named was deleted in Odoo: the id now names the new one.
      try {
        await this.client.write('ir.model.data', [item.rowId], { res_id: item.resId });
      } catch (err) {
        failed.set(item, err);
      }
    }
    for (const item of [...fresh, ...dangling]) {
      const err = failed.get(item);
      if (!err) continue;
      const winner = isRecordLevel(err) ? await this.lostRaceTo(model, item.name, item.resId) : null;
      if (winner !== null) {
        outcomes[item.index] = { ok: true, id: winner, created: false };
        continue;
      }
      outcomes[item.index] = failure(err, {
        code: 'MLC_ODOO_XMLID_FAILED',
        prefix: `created ${model} ${item.resId}, but its external id ${this.module}.${item.name} could not be registered (a replay would not find it)`,
        id: item.resId,
        created: true,
      });
    }
  }

  /**
   * Another batch (or instance) registered the same external id between our lookup and our create:
   * its record stands, ours (a draft, not posted yet) is removed. Returns the winner's id, or null
   * when that is not what happened or the cleanup failed.
   */
  private async lostRaceTo(model: string, name: string, ownId: number): Promise<number | null> {
    try {
      const winner = (await lookupExternalIds(this.client, model, [name], this.module)).get(name);
      if (!winner || winner.resId === ownId) return null;
      await this.client.unlink(model, [ownId]);
      return winner.resId;
    } catch {
      return null;
    }
  }

  private async post(model: string, toPost: Array<{ index: number; id: number; created: boolean }>, outcomes: WriteOutcome[]): Promise<void> {
    if (toPost.length === 0) return;
    const failed = await this.isolate(toPost, (batch) => this.client.call({ model, method: 'action_post', ids: batch.map((p) => p.id) }));
    for (const item of toPost) {
      const err = failed.get(item);
      if (!err) {
        const done = outcomes[item.index] as WriteSuccess;
        outcomes[item.index] = { ...done, posted: true };
        continue;
      }
      outcomes[item.index] = failure(err, {
        code: 'MLC_ODOO_POST_FAILED',
        prefix: `${model} ${item.id} was ${item.created ? 'created' : 'found'} but could not be posted and is left in draft`,
        id: item.id,
        created: item.created,
      });
    }
  }

  /**
   * Runs `call` for all items; when Odoo rejects the call because of the data, runs it for each item
   * alone. Returns the error of every item that failed.
   */
  private async isolate<T>(items: T[], call: (batch: T[]) => Promise<unknown>): Promise<Map<T, unknown>> {
    const failed = new Map<T, unknown>();
    if (items.length === 0) return failed;
    try {
      await call(items);
      return failed;
    } catch (err) {
      if (items.length === 1 || !isRecordLevel(err)) {
        for (const item of items) failed.set(item, err);
        return failed;
      }
    }
    for (const item of items) {
      try {
        await call([item]);
      } catch (err) {
        failed.set(item, err);
      }
    }
    return failed;
  }
}

function withoutId(values: Record<string, unknown>): Record<string, unknown> {
  if (!('id' in values)) return values;
  const { id: _id, ...rest } = values;
  return rest;
}

function describeMatch(request: WriteRequest): string {
  if (request.match.kind === 'field') return `${request.match.field} = ${String(request.values[request.match.field])}`;
  return `external id from key ${request.key ?? '(none)'}`;
}

/** Requests that can share calls: same model, operation, matching and posting. */
function groups(requests: WriteRequest[]): Array<Array<{ index: number; request: WriteRequest }>> {
  const byKey = new Map<string, Array<{ index: number; request: WriteRequest }>>();
  requests.forEach((request, index) => {
    const key = stableJson([request.model, request.operation, request.match, request.post]);
    const group = byKey.get(key);
    if (group) group.push({ index, request });
    else byKey.set(key, [{ index, request }]);
  });
  return [...byKey.values()];
}

/**
 * Two messages for the same record in one batch would both be "missing" and both be created; they go
 * in successive rounds instead, so the second finds what the first made.
 */
function rounds<T extends { request: WriteRequest }>(group: T[]): T[][] {
  const out: Array<{ seen: Set<string>; items: T[] }> = [];
  for (const item of group) {
    const identity = identityOf(item.request);
    let round = identity === null ? out[0] : out.find((r) => !r.seen.has(identity));
    if (!round) {
      round = { seen: new Set(), items: [] };
      out.push(round);
    }
    if (identity !== null) round.seen.add(identity);
    round.items.push(item);
  }
  return out.map((r) => r.items);
}
