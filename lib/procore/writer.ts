import { isHttpError, outcomeUnknown } from '../http/errors';
import { idValue, PROCORE_SYNC_MAX, type ProcoreClient } from './client';
import { describeFieldErrors } from './errors';
import type { ProcoreCostCodeRecord } from './records';
import type { CommitmentWrite, CostCodeWrite, DirectCostWrite, ProcoreWriteRequest, VendorWrite } from './write-input';
import { changedFields, costCodeOrder, directCostChanges, lineWork, matchCostCode, mayLink, ProcoreLookup, vendorLinks, withIds, WriteRefusal } from './write-lookup';

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

export class ProcoreWriter {
  private readonly lookup: ProcoreLookup;
  /** Cost-code work per project, one batch after the other: two batches reading the same list would both create a code it lacks. */
  private readonly projectTurns = new Map<string, Promise<unknown>>();

  constructor(private readonly client: ProcoreClient) {
    this.lookup = new ProcoreLookup(client);
  }

  private get vendorIds(): Map<string, string> {
    return this.lookup.vendorIds;
  }

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
   * Vendors linked by origin_code (write-lookup.ts) go with their Procore id, so the sync sets origin_id
   * on them instead of creating a second vendor. Procore cannot filter vendors by origin_code, so the
   * directory is read, at most once per batch and only while such vendors come; what it shows linked
   * is remembered, so linked vendors cost no read.
   */
  private async withLinks(requests: VendorWrite[], signal?: AbortSignal): Promise<Array<Record<string, unknown>>> {
    const bodies = requests.map((r) => withIds(r.body));
    const unknown = (i: number): boolean => mayLink(bodies[i] as Record<string, unknown>) && !this.vendorIds.has((requests[i] as VendorWrite).originId);
    if (!requests.some((_, i) => unknown(i))) return bodies;
    const directory = await this.client.vendors(signal);
    for (const v of directory) if (v.origin_id) this.vendorIds.set(v.origin_id, v.id);
    const links = vendorLinks(bodies, directory, unknown);
    return bodies.map((body, i) => {
      const match = links[i];
      return match ? { ...body, id: idValue(match.id) } : body;
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
    const order = costCodeOrder(codes);
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
    const base = { ok: true as const, entity: 'cost_code' as const, originId, projectId };
    const match = matchCostCode(request, known);
    if (match.kind === 'theirs') return { ...base, id: match.code.id, created: false, unchanged: true };
    if (match.kind === 'found') {
      const found = match.code;
      if (changedFields(request.fields, found as Record<string, unknown>).length === 0) return { ...base, id: found.id, created: false, unchanged: true };
      const updated = await this.client.updateCostCode(projectId, found.id, request.fields, signal);
      Object.assign(found, updated);
      return { ...base, id: found.id, created: false, updated: true };
    }
    const made = await this.client.createCostCode(projectId, withIds({ ...request.fields, code: match.segment, parent_id: match.parent ? match.parent.id : null, origin_id: originId }), signal);
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

  private async commitment(request: CommitmentWrite, signal?: AbortSignal): Promise<ProcoreWriteOutcome> {
    const { projectId, originId } = request;
    const { header, found } = await this.lookup.commitment(request, signal);
    let id: string;
    let created = false;
    let updated = false;
    if (!found) {
      id = (await this.client.createCommitment(projectId, header, signal)).id;
      created = true;
    } else {
      id = found.id;
      if (changedFields(header, found as Record<string, unknown>).length > 0) {
        await this.client.updateCommitment(projectId, id, header, signal);
        updated = true;
      }
    }
    const existing = created ? [] : await this.client.commitmentLineItems(projectId, id, signal);
    const lines = await this.writeLines(request, id, lineWork(request.lines, existing), signal);
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

  /** Lines created, updated where they differ, lines of ours the PO no longer has deleted. */
  private async writeLines(request: CommitmentWrite, contractId: string, work: ReturnType<typeof lineWork>, signal?: AbortSignal): Promise<{ created: number; updated: number; deleted: number }> {
    const { projectId } = request;
    for (const body of work.create) await this.client.createCommitmentLineItem(projectId, contractId, body, signal);
    for (const { body, have } of work.update) await this.client.updateCommitmentLineItem(projectId, contractId, have.id, body, signal);
    for (const line of work.remove) await this.client.deleteCommitmentLineItem(projectId, contractId, line.id, signal);
    return { created: work.create.length, updated: work.update.length, deleted: work.remove.length };
  }

  private async directCost(request: DirectCostWrite, signal?: AbortSignal): Promise<ProcoreWriteOutcome> {
    const { projectId, originId } = request;
    const { header, lines, found } = await this.lookup.directCost(request, signal);
    if (!found) {
      const made = await this.client.createDirectCost(projectId, { ...header, line_items: lines }, signal);
      return { ok: true, entity: 'direct_cost', originId, id: made.id, projectId, created: true, lines: { created: lines.length, updated: 0, deleted: 0 } };
    }
    const changes = directCostChanges(header, lines, found);
    if (changes.header.length === 0 && changes.lines.length === 0) {
      return { ok: true, entity: 'direct_cost', originId, id: found.id, projectId, created: false, unchanged: true };
    }
    await this.client.updateDirectCost(projectId, found.id, { ...changes.changeable, ...(changes.lines.length > 0 ? { line_items: lines } : {}) }, signal);
    return { ok: true, entity: 'direct_cost', originId, id: found.id, projectId, created: false, updated: true };
  }
}
