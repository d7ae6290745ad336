// Writes a batch of records to Odoo in as few calls as the batch allows, so that each record lands
// once whatever happens to a call:
//
// - One lookup (locate) finds the records that exist: by external id, by a unique field, or by id.
//   An upsert by external id whose key dedup claims for the first time skips it (nothing was ever
//   sent for the key; load() below is idempotent anyway): two calls a batch, load and action_post.
// - Existing records get one `write` per distinct set of values.
// - New records matched by external id are created with `load(fields, rows)`: the record and its
//   external id `mlc.<name>` in ONE call and one transaction, so no crash or lost answer can leave a
//   record without its identity. load() runs in update mode with noupdate external ids: a record whose
//   external id already exists (a resend, a racing instance) is returned as it is, never created twice
//   and never written again (its lines would be added a second time).
//   Values load() cannot express (update commands inside lines, lines with lines of their own) are
//   refused before any call rather than created some other way: the only other atomic identity is a
//   unique field of the record itself, which is what "match by field" is for.
// - New records matched by a unique field are created with `create`: the field carries the identity in
//   the same call.
// - `action_post` follows as its own call (Odoo has no create-and-post); posting what is already
//   posted is skipped, a draft found again is posted.
//
// After any call whose outcome is unknown (timeout, cut or lost answer, dropped connection, 5xx, an
// answer that is not Odoo's), nothing is sent again before the records are looked up: found ones are
// reported written (and posted when asked), the ones not found are sent once more in the same batch;
// if that too ends unknown and they are still not found, they fail with the first error (transient:
// a replay looks them up again first). Records are retried one by one only after a definitive refusal
// Odoo answered (a validation fault); load() says which records it refused, so the others are simply
// loaded again without them.
import { stableJson } from '../envelope';
import type { LoadAnswer, OdooClient } from './client';
import { EXTERNAL_ID_MODULE, externalIdName } from './external-ids';
import { columnsKey, loadTable, NotLoadable, recordRows, type FieldInfos, type RecordRows } from './load-rows';
import { failure, isRecordLevel, isRefusal, OdooWriteError } from './write-errors';
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

interface ToPost {
  index: number;
  id: number;
  created: boolean;
  /** Loaded without a lookup first: load() may have returned a record that existed already. */
  unchecked?: true;
}

/**
 * load() in update mode with noupdate external ids: an external id that exists names its record,
 * which is then left untouched (`_load_records` skips writing noupdate records in update mode).
 * active_test false: load() resolves `field/.id` references with a search, which would not see an
 * archived record (a journal, an account) that create() accepts by id; the same payload must behave
 * the same whichever call carries it.
 */
export const LOAD_CONTEXT = { mode: 'update', noupdate: true, active_test: false } as const;

/** A record's load() rows built ahead of its batch's calls, for the external id they were built with. */
interface PreparedRows {
  /** The external id's name (externalIdName of the key) and the complete id (module.name). */
  name: string;
  xmlid: string;
  rows: RecordRows;
  columns: string;
}

export class OdooWriter {
  private readonly module: string;
  /** Rows built by prepare() while the batch waited for a slot; dropped when the batch is written. */
  private readonly preparedRows = new Map<WriteRequest, PreparedRows>();

  constructor(
    private readonly client: OdooClient,
    options: WriterOptions = {},
  ) {
    this.module = options.module ?? EXTERNAL_ID_MODULE;
  }

  /**
   * Builds the load() rows of the batch's new records (upserts by external id whose key dedup claimed
   * for the first time) before the batch may send, so its first call goes out as soon as it may. Only
   * what needs no call but the field lists, which every batch of the model shares; a record whose rows
   * cannot be built is left for writeBatch to refuse.
   */
  async prepare(requests: WriteRequest[]): Promise<void> {
    const fresh = requests.filter((r) => isFirstClaimUpsert(r));
    const model = fresh[0]?.model;
    if (model === undefined) return;
    const { infos, lineInfos } = await this.loadInfos(
      model,
      fresh.filter((r) => r.model === model),
    );
    for (const request of fresh) {
      if (request.model !== model) continue;
      const name = externalIdName(request.key!);
      const xmlid = `${this.module}.${name}`;
      try {
        const rows = recordRows(model, xmlid, withoutId(request.values), infos, lineInfos);
        this.preparedRows.set(request, { name, xmlid, rows, columns: columnsKey(rows) });
      } catch (err) {
        if (!(err instanceof NotLoadable)) throw err;
      }
    }
  }

  /** One outcome per request, in order; rejects only when nothing could be tried (never per record). */
  async writeBatch(requests: WriteRequest[]): Promise<WriteOutcome[]> {
    const outcomes: WriteOutcome[] = new Array<WriteOutcome>(requests.length);
    try {
      for (const group of groups(requests)) {
        for (const [i, round] of rounds(group).entries()) {
          try {
            // A later round exists because an earlier one wrote the same record: it always looks up.
            await this.writeRound(round, outcomes, i === 0);
          } catch (err) {
            // A call failed in a way that says nothing about single records (login refused, server gone).
            for (const { index } of round) outcomes[index] ??= failure(err);
          }
        }
      }
    } finally {
      for (const request of requests) this.preparedRows.delete(request);
    }
    return outcomes;
  }

  private async writeRound(round: Array<{ index: number; request: WriteRequest }>, outcomes: WriteOutcome[], firstRound: boolean): Promise<void> {
    const first = round[0];
    if (!first) return;
    const { model, operation, match } = first.request;
    const located = await this.locateUnlessNew(model, match, round.map((r) => r.request), firstRound);
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

    const toPost: ToPost[] = [];
    await this.writeExisting(model, found, outcomes, toPost);
    const hasXmlid = (p: Pending): boolean => p.located.kind === 'missing' && p.located.xmlid !== undefined;
    const byXmlid = missing.filter(hasXmlid);
    const others = missing.filter((p) => !hasXmlid(p));
    await this.loadNew(model, byXmlid, outcomes, toPost);
    await this.createNew(model, others, outcomes, toPost, false);
    await this.post(model, toPost, outcomes, false);
  }

  /**
   * Looks up the records of a round, except upserts by external id whose key dedup claimed for the
   * first time: no earlier attempt can have created them, and load() with noupdate external ids would
   * still not create one twice. Should Odoo hold one anyway (made by a flow on another store, or
   * before the store was emptied), load() returns it untouched: a posted entry is then reported
   * unchanged (the post step finds it posted), any other record as created, its values not written.
   */
  private async locateUnlessNew(model: string, match: WriteRequest['match'], requests: WriteRequest[], firstRound: boolean): Promise<Located[]> {
    const isNew = (r: WriteRequest): boolean => firstRound && match.kind === 'external-id' && isFirstClaimUpsert(r);
    const looked = requests.filter((r) => !isNew(r));
    const found = looked.length > 0 ? await locate(this.client, model, match, looked, this.module) : [];
    let next = 0;
    return requests.map((r): Located => (isNew(r) ? { kind: 'missing', xmlid: { name: this.preparedRows.get(r)?.name ?? externalIdName(r.key!) }, unchecked: true } : found[next++]!));
  }

  private async writeExisting(model: string, found: Pending[], outcomes: WriteOutcome[], toPost: ToPost[]): Promise<void> {
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
      const call = (batch: typeof items): Promise<unknown> => this.client.write(model, batch.map((i) => i.id), vals);
      const failed = await this.isolate(items, call);
      // The records exist (just found) and writing the same values twice leaves them the same, so after
      // an unknown outcome the write itself is sent once more; a second failure keeps the first error.
      const unknown = items.filter((i) => failed.has(i) && !isRefusal(failed.get(i)));
      if (unknown.length > 0) {
        const again = await this.isolate(unknown, call);
        for (const item of unknown) if (!again.has(item)) failed.delete(item);
      }
      for (const item of items) {
        const err = failed.get(item);
        outcomes[item.index] = err ? failure(err) : { ok: true, id: item.id, created: false };
      }
    }
    // A draft that could not be written is not posted either.
    for (let i = toPost.length - 1; i >= 0; i--) if (!outcomes[toPost[i]!.index]?.ok) toPost.splice(i, 1);
  }

  /** New records matched by external id: load() creates each with its external id in one transaction. */
  private async loadNew(model: string, items: Pending[], outcomes: WriteOutcome[], toPost: ToPost[]): Promise<void> {
    if (items.length === 0) return;
    const tables = new Map<string, Array<{ item: Pending; rows: RecordRows }>>();
    const add = (key: string, entry: { item: Pending; rows: RecordRows }): void => {
      const table = tables.get(key);
      if (table) table.push(entry);
      else tables.set(key, [entry]);
    };
    const unprepared: Array<{ item: Pending; xmlid: string }> = [];
    for (const item of items) {
      const xmlid = xmlidOf(this.module, item);
      const ready = this.preparedRows.get(item.request);
      if (ready?.xmlid === xmlid) add(ready.columns, { item, rows: ready.rows });
      else unprepared.push({ item, xmlid });
    }
    const { infos, lineInfos } = await this.loadInfos(
      model,
      unprepared.map(({ item }) => item.request),
    );
    for (const { item, xmlid } of unprepared) {
      try {
        const rows = recordRows(model, xmlid, withoutId(item.request.values), infos, lineInfos);
        add(columnsKey(rows), { item, rows });
      } catch (err) {
        if (!(err instanceof NotLoadable)) throw err;
        outcomes[item.index] = failure(new OdooWriteError(err.message, err.unknownField ? 'MLC_ODOO_UNKNOWN_FIELD' : 'MLC_ODOO_WRITE_BAD_INPUT'));
      }
    }
    for (const table of tables.values()) await this.loadTable(model, table, outcomes, toPost, false);
  }

  /** The fields of the model and of the line models these requests' one2many values name. */
  private async loadInfos(model: string, requests: WriteRequest[]): Promise<{ infos: FieldInfos; lineInfos: (relation: string) => FieldInfos }> {
    const infos = await this.client.fieldInfos(model);
    const lineModels = new Set<string>();
    for (const request of requests) {
      const { values } = request;
      for (const field in values) {
        if (!Object.hasOwn(values, field)) continue;
        const info = infos.get(field);
        const value = values[field];
        if (info?.type === 'one2many' && info.relation && Array.isArray(value) && value.length > 0) lineModels.add(info.relation);
      }
    }
    const lines = new Map(await Promise.all([...lineModels].map(async (name) => [name, await this.client.fieldInfos(name)] as const)));
    return { infos, lineInfos: (relation) => lines.get(relation) ?? new Map() };
  }

  private async loadTable(model: string, records: Array<{ item: Pending; rows: RecordRows }>, outcomes: WriteOutcome[], toPost: ToPost[], resent: boolean): Promise<void> {
    if (records.length === 0) return;
    const { fields, rows } = loadTable(records.map((r) => r.rows));
    let answer: LoadAnswer;
    try {
      answer = await this.client.load(model, fields, rows, LOAD_CONTEXT);
      if (answer.ids !== false && answer.ids.length !== records.length) {
        throw new OdooWriteError(`${model}.load returned ${answer.ids.length} ids for ${records.length} records`, 'MLC_ODOO_PROTOCOL');
      }
    } catch (err) {
      if (isRefusal(err)) {
        for (const { item } of records) outcomes[item.index] = failure(err);
        return;
      }
      const again = await this.settle(model, records.map((r) => r.item), err, outcomes, toPost, resent);
      const resend = records.filter((r) => again.includes(r.item));
      return this.loadTable(model, resend, outcomes, toPost, true);
    }
    if (answer.ids !== false) {
      const ids = answer.ids;
      records.forEach(({ item }, i) => this.created(item, ids[i]!, outcomes, toPost));
      return;
    }
    // Nothing was written. The records load() names were refused; the others only rolled back with them.
    const refused = new Map<number, string[]>();
    for (const message of answer.messages) {
      if (message.type !== 'error' || message.record === undefined) continue;
      refused.set(message.record, [...(refused.get(message.record) ?? []), message.message]);
    }
    if (refused.size === 0) {
      const said = answer.messages.map((m) => m.message).join('; ') || 'no reason given';
      for (const { item } of records) outcomes[item.index] = failure(new OdooWriteError(`odoo: ${model}.load refused the batch: ${said}`, 'MLC_ODOO_VALIDATION', said));
      return;
    }
    const rest: typeof records = [];
    records.forEach((record, i) => {
      const messages = refused.get(i);
      if (!messages) rest.push(record);
      else outcomes[record.item.index] = failure(new OdooWriteError(`odoo: ${model}.load failed: ${messages.join('; ')}`, 'MLC_ODOO_VALIDATION', messages.join('; ')));
    });
    await this.loadTable(model, rest, outcomes, toPost, resent);
  }

  /**
   * New records without an external id: matched by a unique field (which the create carries, so a
   * lookup finds them after a lost answer), or plain creates (operation create: nothing to look up).
   */
  private async createNew(model: string, items: Pending[], outcomes: WriteOutcome[], toPost: ToPost[], resent: boolean): Promise<void> {
    if (items.length === 0) return;
    let ids: number[];
    try {
      ids = await this.client.create(model, items.map((p) => withoutId(p.request.values)));
    } catch (err) {
      if (isRefusal(err)) {
        if (items.length > 1 && isRecordLevel(err)) {
          // Odoo refused the data of the batch and rolled it back: find the bad records one by one.
          for (const item of items) await this.createNew(model, [item], outcomes, toPost, resent);
        } else for (const item of items) outcomes[item.index] = failure(err);
        return;
      }
      const identified = items.filter((p) => identityOf(p.request) !== null);
      for (const item of items) if (!identified.includes(item)) outcomes[item.index] = failure(err);
      const again = await this.settle(model, identified, err, outcomes, toPost, resent);
      return this.createNew(model, again, outcomes, toPost, true);
    }
    if (ids.length !== items.length) {
      for (const item of items) outcomes[item.index] = failure(new OdooWriteError(`${model}.create returned ${ids.length} ids for ${items.length} records`, 'MLC_ODOO_PROTOCOL'));
      return;
    }
    items.forEach((item, i) => this.created(item, ids[i]!, outcomes, toPost));
  }

  private created(item: Pending, id: number, outcomes: WriteOutcome[], toPost: ToPost[]): void {
    outcomes[item.index] = { ok: true, id, created: true };
    const unchecked = item.located.kind === 'missing' && item.located.unchecked === true;
    if (item.request.post) toPost.push({ index: item.index, id, created: true, ...(unchecked ? { unchecked } : {}) });
  }

  /**
   * After a call whose outcome is unknown: looks the records up. Found ones are written (their call
   * committed); returns the ones not found when they may be sent once more, else fails them with the
   * first error.
   */
  private async settle(model: string, items: Pending[], err: unknown, outcomes: WriteOutcome[], toPost: ToPost[], resent: boolean): Promise<Pending[]> {
    if (items.length === 0) return [];
    const { match } = items[0]!.request;
    let located: Located[];
    try {
      located = await locate(this.client, model, match, items.map((p) => p.request), this.module);
    } catch {
      for (const item of items) outcomes[item.index] = failure(err);
      return [];
    }
    const notFound: Pending[] = [];
    items.forEach((item, i) => {
      const at = located[i]!;
      if (at.kind !== 'found') {
        notFound.push(item);
        return;
      }
      // Created by the call whose answer was lost (a racing writer would have been stopped by dedup).
      if (item.request.post && at.state === 'posted') outcomes[item.index] = { ok: true, id: at.id, created: true, posted: true };
      else this.created(item, at.id, outcomes, toPost);
    });
    if (!resent) return notFound;
    for (const item of notFound) outcomes[item.index] = failure(err);
    return [];
  }

  private async post(model: string, toPost: ToPost[], outcomes: WriteOutcome[], resent: boolean): Promise<void> {
    if (toPost.length === 0) return;
    try {
      await this.client.call({ model, method: 'action_post', ids: toPost.map((p) => p.id) });
      for (const item of toPost) outcomes[item.index] = { ...(outcomes[item.index] as WriteSuccess), posted: true };
      return;
    } catch (err) {
      if (isRefusal(err) && toPost.some((p) => p.unchecked)) {
        const rest = await this.setAsideFoundPosted(model, toPost, outcomes);
        if (rest && rest.length < toPost.length) return this.post(model, rest, outcomes, resent);
      }
      if (isRefusal(err)) {
        if (toPost.length > 1 && isRecordLevel(err)) for (const item of toPost) await this.post(model, [item], outcomes, resent);
        else for (const item of toPost) outcomes[item.index] = this.notPosted(model, item, err);
        return;
      }
      // Unknown: the entries tell whether they were posted; drafts are posted once more.
      let states: Map<number, unknown>;
      try {
        const rows = await this.client.searchRead(model, { domain: [['id', 'in', toPost.map((p) => p.id)]], fields: ['state'], raw: true });
        states = new Map(rows.map((row) => [row.id, row['state']]));
      } catch {
        for (const item of toPost) outcomes[item.index] = this.notPosted(model, item, err);
        return;
      }
      const drafts: ToPost[] = [];
      for (const item of toPost) {
        if (states.get(item.id) === 'posted') outcomes[item.index] = { ...(outcomes[item.index] as WriteSuccess), posted: true };
        else if (resent) outcomes[item.index] = this.notPosted(model, item, err);
        else drafts.push(item);
      }
      await this.post(model, drafts, outcomes, true);
    }
  }

  /**
   * After Odoo refused to post entries loaded without a lookup: load() creates drafts, so an entry that
   * is posted already existed (load returned it untouched) and is reported unchanged, as an upsert that
   * had found it would. Returns the others, or null when the states could not be read.
   */
  private async setAsideFoundPosted(model: string, toPost: ToPost[], outcomes: WriteOutcome[]): Promise<ToPost[] | null> {
    let rows: Array<Record<string, unknown>>;
    try {
      rows = await this.client.searchRead(model, { domain: [['id', 'in', toPost.map((p) => p.id)]], fields: ['state'], raw: true });
    } catch {
      return null;
    }
    const posted = new Set(rows.filter((row) => row['state'] === 'posted').map((row) => row['id']));
    return toPost.filter((item) => {
      if (!item.unchecked || !posted.has(item.id)) return true;
      outcomes[item.index] = { ok: true, id: item.id, created: false, posted: true, unchanged: true };
      return false;
    });
  }

  private notPosted(model: string, item: ToPost, err: unknown): WriteOutcome {
    return failure(err, {
      code: 'MLC_ODOO_POST_FAILED',
      prefix: `${model} ${item.id} was ${item.created ? 'created' : 'found'} but could not be posted and is left in draft`,
      id: item.id,
      created: item.created,
    });
  }

  /**
   * Runs `call` for all items; when Odoo refused the call because of the data (and so rolled it
   * back), runs it for each item alone. Returns the error of every item that failed.
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

/**
 * An upsert by external id whose key dedup claimed for the first time (see locateUnlessNew): no earlier
 * attempt can have created its record.
 */
function isFirstClaimUpsert(r: WriteRequest): boolean {
  return r.firstClaim === true && r.operation === 'upsert' && r.match.kind === 'external-id' && r.id === undefined && r.key !== undefined;
}

/** The complete external id of a record loadNew creates. */
function xmlidOf(module: string, item: Pending): string {
  const name = item.located.kind === 'missing' ? item.located.xmlid?.name : undefined;
  return `${module}.${name!}`;
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
    // Model names and operations hold no newline; a field name is the last part, so any text may follow.
    const { model, operation, match, post } = request;
    const key = `${model}\n${operation}\n${post ? 1 : 0}\n${match.kind === 'field' ? `field:${match.field}` : match.kind}`;
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
