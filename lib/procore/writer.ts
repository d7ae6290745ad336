import { isHttpError, outcomeUnknown } from '../http/errors';
import { idValue, PROCORE_SYNC_MAX, type ProcoreClient } from './client';
import { describeFieldErrors } from './errors';
import type { ProcoreCostCodeRecord, ProcoreLineItem } from './records';
import type { CommitmentWrite, CostCodeWrite, DirectCostWrite, ProcoreWriteRequest, VendorWrite } from './write-input';

/**
 * Writes Odoo records into Procore, each keyed by `origin_id` (the Odoo id), so a changed record
 * updates its Procore twin and a replay never duplicates.
 *
 * - Vendors: `PATCH /vendors/sync`, up to 1,000 a call, an upsert by origin_id on Procore's side (the
 *   identity is given in the same call that creates); the `{entities, errors}` answer becomes one
 *   outcome per record. Resending the same upsert cannot duplicate, so it is retried like a GET.
 * - Purchase orders → purchase order contracts on their project: looked up by origin_id
 *   (`filters[origin_id]`), created or updated (only when a field differs), then the line items
 *   reconciled by their own origin_id (created, updated where they differ, lines of ours the PO no
 *   longer has deleted; lines people added in Procore, without origin_id, are left alone).
 * - Vendor bills → direct costs of type invoice on their project (v1.1, project-scoped): the same
 *   look-up, then create with the lines, or update.
 * - Cost codes on their project, by full code (`01-540`): the project's list is read once per batch
 *   (Procore documents no filter by code). Found by origin_id: its name updated where it differs.
 *   Else found by full code: a code made in Procore, whose name and origin_id are Procore's, so it is
 *   left as it is (the record is written: the code exists). Else created under its parent (the code
 *   up to the last `-`, which must exist: a division is not invented), origin_id set in the same call.
 *   Divisions of a batch go before their codes.
 *
 * After an unknown outcome (timeout, cut or lost answer, dropped connection, 5xx) nothing is resent
 * blindly: the whole write starts again from the look-up by origin_id, once; unknown twice leaves the
 * record failed with MLC_PROCORE_OUTCOME_UNKNOWN (transient: a replay looks it up first the same way).
 * A 4xx is Procore's definitive refusal: failed at once with Procore's message.
 */
export type ProcoreEntity = 'vendor' | 'purchase_order_contract' | 'direct_cost' | 'cost_code';

export interface ProcoreWriteError {
  message: string;
  code: string;
  status?: number;
  /** Whether the same record may succeed later unchanged (replay it). */
  transient?: boolean;
}

export type ProcoreWriteOutcome =
  | {
      ok: true;
      entity: ProcoreEntity;
      originId: string;
      id: string;
      projectId?: string;
      created: boolean;
      /** Fields of the record were sent to an existing one. */
      updated?: boolean;
      /** Found as it should be: nothing was sent. */
      unchanged?: boolean;
      /** The record was found by origin_id after an unknown outcome (an earlier attempt's). */
      confirmedBy?: 'lookup';
      lines?: { created: number; updated: number; deleted: number };
    }
  | { ok: false; entity: ProcoreEntity; originId: string; error: ProcoreWriteError };

export function entityOf(request: ProcoreWriteRequest): ProcoreEntity {
  const entities: Record<ProcoreWriteRequest['operation'], ProcoreEntity> = { vendor: 'vendor', commitment: 'purchase_order_contract', 'direct-cost': 'direct_cost', 'cost-code': 'cost_code' };
  return entities[request.operation];
}

export { outcomeUnknown } from '../http/errors';

export function failedProcoreOutcome(request: Pick<ProcoreWriteRequest, 'originId' | 'operation'> | undefined, err: unknown, what?: string): ProcoreWriteOutcome {
  const base = err instanceof Error ? err : new Error(String(err));
  const own = (base as { code?: unknown }).code;
  const status = isHttpError(base) ? base.status : undefined;
  const transient = isHttpError(base) ? base.transient : (base as { transient?: unknown }).transient === true;
  const said = isHttpError(base) && base.systemMessage && status !== undefined && status < 500 ? `${base.systemMessage} (${base.method} ${base.path} answered ${status})` : base.message;
  return {
    ok: false,
    entity: request ? entityOf(request as ProcoreWriteRequest) : 'vendor',
    originId: request?.originId ?? '',
    error: { message: what ? `${what}: ${said}` : said, code: typeof own === 'string' ? own : 'MLC_PROCORE_WRITE_FAILED', ...(status !== undefined ? { status } : {}), ...(transient ? { transient } : {}) },
  };
}

class WriteRefusal extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Same value as Procore holds it: money comes back as "50000.00", ids as numbers, absent as null. */
function same(want: unknown, have: unknown): boolean {
  if (want === undefined) return true;
  if (want === null || have === null || have === undefined) return (want ?? null) === (have ?? null) || (want === '' && have == null);
  const wn = typeof want === 'number' ? want : typeof want === 'string' && /^-?\d+(\.\d+)?$/.test(want.trim()) ? Number(want) : undefined;
  const hn = typeof have === 'number' ? have : typeof have === 'string' && /^-?\d+(\.\d+)?$/.test(have.trim()) ? Number(have) : undefined;
  if (wn !== undefined && hn !== undefined) return Math.abs(wn - hn) < 1e-9;
  if (typeof want === 'object' || typeof have === 'object') return JSON.stringify(want) === JSON.stringify(have);
  return String(want) === String(have);
}

/** Procore answers references as objects (`cost_code: {id}`): `cost_code_id` is compared with either. */
function held(record: Readonly<Record<string, unknown>>, field: string): unknown {
  if (field in record) return record[field];
  const m = /^(.*)_id$/.exec(field);
  if (m) {
    const ref = record[m[1] as string];
    if (ref && typeof ref === 'object' && 'id' in ref) return (ref as { id: unknown }).id;
  }
  return undefined;
}

function differs(want: Readonly<Record<string, unknown>>, have: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(want).some(([field, value]) => !same(value, held(have, field)));
}

/** Ids in a JSON body as numbers when they fit (Procore's own type), else decimal strings. */
function withIds(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) out[k] = /_id$/.test(k) && k !== 'origin_id' && typeof v === 'string' ? idValue(v) : v;
  return out;
}

export class ProcoreWriter {
  /** Vendor ids by origin_id, for bills and POs that name their vendor by its Odoo id. */
  private readonly vendorIds = new Map<string, string>();
  /** Cost-code work per project, one batch after the other: two batches reading the same list would both create a code it lacks. */
  private readonly projectTurns = new Map<string, Promise<unknown>>();

  constructor(private readonly client: ProcoreClient) {}

  /** One outcome per request, in order. Vendors go through /sync together; the rest one by one within the client's concurrency. */
  async writeBatch(requests: ProcoreWriteRequest[], signal?: AbortSignal): Promise<ProcoreWriteOutcome[]> {
    const out: ProcoreWriteOutcome[] = new Array(requests.length);
    const vendors: Array<{ i: number; request: VendorWrite }> = [];
    const others: Array<Promise<void>> = [];
    const codesByProject = new Map<string, Array<{ i: number; request: CostCodeWrite }>>();
    requests.forEach((request, i) => {
      if (request.operation === 'vendor') vendors.push({ i, request });
      else if (request.operation === 'cost-code') codesByProject.set(request.projectId, [...(codesByProject.get(request.projectId) ?? []), { i, request }]);
      else others.push(this.write(request, signal).then((o) => void (out[i] = o)));
    });
    for (const [projectId, codes] of codesByProject) {
      others.push(this.inTurn(projectId, () => this.costCodes(codes, signal)).then((outcomes) => codes.forEach((c, k) => (out[c.i] = outcomes[k] as ProcoreWriteOutcome))));
    }
    for (let start = 0; start < vendors.length; start += PROCORE_SYNC_MAX) {
      const chunk = vendors.slice(start, start + PROCORE_SYNC_MAX);
      const outcomes = await this.syncVendors(chunk.map((c) => c.request), signal);
      chunk.forEach((c, k) => (out[c.i] = outcomes[k] as ProcoreWriteOutcome));
    }
    await Promise.all(others);
    return out;
  }

  async write(request: CommitmentWrite | DirectCostWrite, signal?: AbortSignal): Promise<ProcoreWriteOutcome> {
    const what = request.operation === 'commitment' ? `procore: purchase order ${request.originId}` : `procore: vendor bill ${request.originId}`;
    return this.withLookupRetry(request, what, () => (request.operation === 'commitment' ? this.commitment(request, signal) : this.directCost(request, signal)));
  }

  /** Runs one record's write; after an unknown outcome once more (it starts from its look-up), never a third time. */
  private async withLookupRetry(request: ProcoreWriteRequest, what: string, attemptWrite: (attempt: number) => Promise<ProcoreWriteOutcome>): Promise<ProcoreWriteOutcome> {
    let lastCause = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const outcome = await attemptWrite(attempt);
        return attempt > 1 && outcome.ok && !outcome.created ? { ...outcome, confirmedBy: 'lookup' } : outcome;
      } catch (err) {
        if (err instanceof WriteRefusal) return { ok: false, entity: entityOf(request), originId: request.originId, error: { message: `${what}: ${err.message}`, code: err.code } };
        if (!outcomeUnknown(err)) return failedProcoreOutcome(request, err, `${what} was not written`);
        lastCause = err instanceof Error ? err.message : String(err);
        // The call may or may not have been stored: the next round starts from the look-up by origin_id.
      }
    }
    return {
      ok: false,
      entity: entityOf(request),
      originId: request.originId,
      error: { message: `${what}: two attempts ended with an unknown outcome (last: ${lastCause}); not sent again. Replay it later: it is looked up by origin_id first`, code: 'MLC_PROCORE_OUTCOME_UNKNOWN', transient: true },
    };
  }

  /**
   * A vendor that names an `origin_code` (the Odoo reference) and whose origin_id Procore does not
   * hold yet is linked to the Procore vendor that has that code and no origin_id (entered by hand, or
   * imported before the integration): its id goes with the sync, which then sets origin_id on it
   * instead of creating a second vendor. Procore cannot filter vendors by origin_code, so the
   * directory is read, at most once per batch and only while such vendors come; what it shows
   * linked is remembered, so linked vendors cost no read.
   */
  private async withLinks(requests: VendorWrite[], signal?: AbortSignal): Promise<Array<Record<string, unknown>>> {
    const bodies = requests.map((r) => withIds(r.body));
    const codeOf = (body: Record<string, unknown>): string | null => (body['id'] === undefined && typeof body['origin_code'] === 'string' && body['origin_code'].trim() !== '' ? body['origin_code'].trim() : null);
    const unknown = (i: number): boolean => codeOf(bodies[i] as Record<string, unknown>) !== null && !this.vendorIds.has((requests[i] as VendorWrite).originId);
    if (!requests.some((_, i) => unknown(i))) return bodies;
    const directory = await this.client.vendors(signal);
    for (const v of directory) if (v.origin_id) this.vendorIds.set(v.origin_id, v.id);
    const claimed = new Set<string>();
    return bodies.map((body, i) => {
      if (!unknown(i)) return body;
      const code = codeOf(body) as string;
      const match = directory.find((v) => v.origin_code === code && !v.origin_id && !claimed.has(v.id));
      if (!match) return body;
      claimed.add(match.id);
      return { ...body, id: idValue(match.id) };
    });
  }

  private inTurn<T>(projectId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.projectTurns.get(projectId) ?? Promise.resolve();
    const mine = previous.then(work, work);
    const settled = mine.catch(() => undefined);
    this.projectTurns.set(projectId, settled);
    void settled.then(() => {
      if (this.projectTurns.get(projectId) === settled) this.projectTurns.delete(projectId);
    });
    return mine;
  }

  /** One project's cost codes, one after the other (divisions first), on one reading of the project's list. */
  private async costCodes(codes: Array<{ request: CostCodeWrite }>, signal?: AbortSignal): Promise<ProcoreWriteOutcome[]> {
    const order = codes.map((c, k) => ({ request: c.request, k })).sort((a, b) => a.request.fullCode.split('-').length - b.request.fullCode.split('-').length);
    const out: ProcoreWriteOutcome[] = new Array(codes.length);
    let known: ProcoreCostCodeRecord[] | null = null;
    for (const { request, k } of order) {
      out[k] = await this.withLookupRetry(request, `procore: cost code ${request.fullCode} (origin_id ${request.originId}) on project ${request.projectId}`, async (attempt) => {
        // After an unknown outcome the list is read again: the create may have been stored.
        if (known === null || attempt > 1) known = await this.client.costCodes(request.projectId, signal);
        return this.costCode(request, known, signal);
      });
    }
    return out;
  }

  private async costCode(request: CostCodeWrite, known: ProcoreCostCodeRecord[], signal?: AbortSignal): Promise<ProcoreWriteOutcome> {
    const { projectId, originId, fullCode } = request;
    const fullOf = (c: ProcoreCostCodeRecord): string => c.full_code ?? c.code ?? '';
    const base = { ok: true as const, entity: 'cost_code' as const, originId, projectId };
    const found = known.find((c) => c.origin_id === originId);
    const theirs = found ? undefined : known.find((c) => fullOf(c) === fullCode);
    if (theirs) return { ...base, id: theirs.id, created: false, unchanged: true };
    if (found) {
      if (fullOf(found) !== fullCode) throw new WriteRefusal(`cost code ${fullOf(found)} has origin_id ${originId} but the record names ${fullCode}; a code is the key and is not changed by a sync (change it in Procore, or give the record a new origin_id)`, 'MLC_PROCORE_COST_CODE_MOVED');
      if (!differs(request.fields, found as Record<string, unknown>)) return { ...base, id: found.id, created: false, unchanged: true };
      const updated = await this.client.updateCostCode(projectId, found.id, request.fields, signal);
      Object.assign(found, updated);
      return { ...base, id: found.id, created: false, updated: true };
    }
    const cut = fullCode.lastIndexOf('-');
    const segment = cut < 0 ? fullCode : fullCode.slice(cut + 1);
    const parentCode = cut < 0 ? null : fullCode.slice(0, cut);
    const parent = parentCode === null ? null : known.find((c) => fullOf(c) === parentCode);
    if (parentCode !== null && !parent) throw new WriteRefusal(`project ${projectId} has no cost code ${parentCode} to hold ${fullCode}; add it in Procore (or send it first), then replay`, 'MLC_PROCORE_COST_CODE_PARENT_UNKNOWN');
    const made = await this.client.createCostCode(projectId, withIds({ ...request.fields, code: segment, parent_id: parent ? parent.id : null, origin_id: originId }), signal);
    known.push({ ...made, full_code: made.full_code ?? fullCode });
    return { ...base, id: made.id, created: true };
  }

  private async syncVendors(requests: VendorWrite[], signal?: AbortSignal): Promise<ProcoreWriteOutcome[]> {
    let answer;
    try {
      answer = await this.client.syncVendors(await this.withLinks(requests, signal), signal);
    } catch (err) {
      return requests.map((r) => failedProcoreOutcome(r, err, `procore: vendor ${r.originId} was not synced`));
    }
    const entities = new Map(answer.entities.filter((e) => e.origin_id).map((e) => [String(e.origin_id), e]));
    const errors = new Map(answer.errors.filter((e) => e.origin_id).map((e) => [String(e.origin_id), e]));
    return requests.map((r): ProcoreWriteOutcome => {
      const failed = errors.get(r.originId);
      if (failed) {
        const said = describeFieldErrors(failed.errors) ?? 'refused without a reason';
        return { ok: false, entity: 'vendor', originId: r.originId, error: { message: `procore: vendor ${r.originId} was not synced: ${said}`, code: 'MLC_PROCORE_SYNC_REJECTED', status: 422 } };
      }
      const entity = entities.get(r.originId);
      if (!entity) {
        return { ok: false, entity: 'vendor', originId: r.originId, error: { message: `procore: vendor ${r.originId}: the sync answer names it neither among entities nor errors`, code: 'MLC_PROCORE_SYNC_MISSING', transient: true } };
      }
      this.vendorIds.set(r.originId, entity.id);
      // /sync does not say whether it created or updated.
      return { ok: true, entity: 'vendor', originId: r.originId, id: entity.id, created: false, updated: true };
    });
  }

  private async vendorId(request: CommitmentWrite | DirectCostWrite, signal?: AbortSignal): Promise<string | undefined> {
    if (request.vendorId !== undefined) return request.vendorId;
    if (request.vendorOriginId === undefined) return undefined;
    const known = this.vendorIds.get(request.vendorOriginId);
    if (known) return known;
    const vendor = await this.client.findVendor(request.vendorOriginId, signal);
    if (!vendor) throw new WriteRefusal(`no Procore vendor has origin_id ${request.vendorOriginId} (write the vendors first)`, 'MLC_PROCORE_VENDOR_UNKNOWN');
    this.vendorIds.set(request.vendorOriginId, vendor.id);
    return vendor.id;
  }

  private async commitment(request: CommitmentWrite, signal?: AbortSignal): Promise<ProcoreWriteOutcome> {
    const { projectId, originId } = request;
    const vendorId = await this.vendorId(request, signal);
    const header = withIds({ ...request.header, ...(vendorId !== undefined ? { vendor_id: vendorId } : {}) });
    const found = await this.client.findCommitment(projectId, originId, signal);
    let id: string;
    let created = false;
    let updated = false;
    if (!found) {
      id = (await this.client.createCommitment(projectId, header, signal)).id;
      created = true;
    } else {
      id = found.id;
      if (differs(header, found as Record<string, unknown>)) {
        await this.client.updateCommitment(projectId, id, header, signal);
        updated = true;
      }
    }
    const existing = created ? [] : await this.client.commitmentLineItems(projectId, id, signal);
    const lines = await this.reconcileLines(request, id, existing, signal);
    const touched = lines.created + lines.updated + lines.deleted > 0;
    return {
      ok: true,
      entity: 'purchase_order_contract',
      originId,
      id,
      projectId,
      created,
      ...(updated || (!created && touched) ? { updated: true } : {}),
      ...(!created && !updated && !touched ? { unchanged: true } : {}),
      lines,
    };
  }

  private async reconcileLines(request: CommitmentWrite, contractId: string, existing: ProcoreLineItem[], signal?: AbortSignal): Promise<{ created: number; updated: number; deleted: number }> {
    const { projectId } = request;
    const byOrigin = new Map(existing.filter((l) => l.origin_id).map((l) => [String(l.origin_id), l]));
    const counts = { created: 0, updated: 0, deleted: 0 };
    for (const line of request.lines) {
      const body = withIds(line);
      const have = byOrigin.get(line.origin_id);
      if (!have) {
        await this.client.createCommitmentLineItem(projectId, contractId, body, signal);
        counts.created++;
      } else if (differs(body, have as Record<string, unknown>)) {
        await this.client.updateCommitmentLineItem(projectId, contractId, have.id, body, signal);
        counts.updated++;
      }
    }
    const wanted = new Set(request.lines.map((l) => l.origin_id));
    for (const [origin, line] of byOrigin) {
      if (wanted.has(origin)) continue;
      await this.client.deleteCommitmentLineItem(projectId, contractId, line.id, signal);
      counts.deleted++;
    }
    return counts;
  }

  private async directCost(request: DirectCostWrite, signal?: AbortSignal): Promise<ProcoreWriteOutcome> {
    const { projectId, originId } = request;
    const vendorId = await this.vendorId(request, signal);
    const header = withIds({ ...request.header, direct_cost_type: 'invoice', ...(vendorId !== undefined ? { vendor_id: vendorId } : {}) });
    const lines = request.lines.map(withIds);
    const found = await this.client.findDirectCost(projectId, originId, signal);
    if (!found) {
      const made = await this.client.createDirectCost(projectId, { ...header, line_items: lines }, signal);
      return { ok: true, entity: 'direct_cost', originId, id: made.id, projectId, created: true, lines: { created: lines.length, updated: 0, deleted: 0 } };
    }
    // direct_cost_type can only be set on create.
    const { direct_cost_type: _type, ...changeable } = header;
    const full = await this.client.getDirectCost(projectId, found.id, signal);
    const haveLines = new Map((full.line_items ?? []).filter((l) => l.origin_id).map((l) => [String(l.origin_id), l as Record<string, unknown>]));
    const linesDiffer = lines.length !== haveLines.size || lines.some((l) => {
      const have = haveLines.get(String(l['origin_id']));
      return !have || differs(l, have);
    });
    if (!differs(changeable, full as Record<string, unknown>) && !linesDiffer) {
      return { ok: true, entity: 'direct_cost', originId, id: found.id, projectId, created: false, unchanged: true };
    }
    await this.client.updateDirectCost(projectId, found.id, { ...changeable, ...(linesDiffer ? { line_items: lines } : {}) }, signal);
    return { ok: true, entity: 'direct_cost', originId, id: found.id, projectId, created: false, updated: true };
  }
}
