// Plan-only writes to Procore: what the writer (writer.ts) would do with each record, found by the
// writer's own lookups (write-lookup.ts), without writing. Reads only: per batch the vendor directory
// once (vendors are upserted by origin_id, so the plan finds them there, or linked by origin_code),
// each project's cost codes once, and per purchase order or bill its lookup by origin_id plus its lines.
import type { PlanAction, PlanFieldChange } from '../plan/plan';
import type { ProcoreClient } from './client';
import type { ProcoreCostCodeRecord, ProcoreVendor } from './records';
import type { CommitmentWrite, CostCodeWrite, DirectCostWrite, ProcoreWriteRequest, VendorWrite } from './write-input';
import { changedFields, costCodeOrder, createdFields, directCostChanges, lineWork, matchCostCode, ProcoreLookup, vendorLinks, withIds, WriteRefusal } from './write-lookup';
import { failedProcoreOutcome } from './writer';

/** What the planner says of one record: what the write would do, or why it would fail. */
export type ProcorePlanResult =
  | { ok: true; action: PlanAction; id?: string; changes: PlanFieldChange[]; note?: string }
  | { ok: false; error: { message: string; code: string } };
type PlanResult = ProcorePlanResult;

export class ProcoreWritePlanner {
  private readonly lookup: ProcoreLookup;

  constructor(private readonly client: ProcoreClient) {
    this.lookup = new ProcoreLookup(client);
  }

  /** One result per request, in order; the name lets the write node's batching drive it like a writer. */
  async writeBatch(requests: ProcoreWriteRequest[], signal?: AbortSignal): Promise<PlanResult[]> {
    const out: PlanResult[] = new Array(requests.length);
    const vendors = requests.flatMap((request, i) => (request.operation === 'vendor' ? [{ i, request }] : []));
    const codes = new Map<string, Array<{ i: number; request: CostCodeWrite }>>();
    const others: Array<Promise<void>> = [];
    requests.forEach((request, i) => {
      if (request.operation === 'cost-code') codes.set(request.projectId, [...(codes.get(request.projectId) ?? []), { i, request }]);
      else if (request.operation !== 'vendor') others.push(planned(request, () => this.planOne(request, signal)).then((r) => void (out[i] = r)));
    });
    if (vendors.length > 0) {
      const results = await this.planVendors(vendors.map((v) => v.request), signal).catch((err: unknown) => vendors.map((v) => failure(v.request, err)));
      vendors.forEach((v, k) => (out[v.i] = results[k] as PlanResult));
    }
    for (const [projectId, batch] of codes) {
      const results = await this.planCostCodes(projectId, batch, signal).catch((err: unknown) => batch.map((c) => failure(c.request, err)));
      batch.forEach((c, k) => (out[c.i] = results[k] as PlanResult));
    }
    await Promise.all(others);
    return out;
  }

  private planOne(request: CommitmentWrite | DirectCostWrite, signal?: AbortSignal): Promise<PlanResult> {
    return request.operation === 'commitment' ? this.planCommitment(request, signal) : this.planDirectCost(request, signal);
  }

  /** The sync upserts by origin_id: found in the directory (or linked by origin_code) it is an update, else a create. */
  private async planVendors(requests: VendorWrite[], signal?: AbortSignal): Promise<PlanResult[]> {
    const directory = await this.client.vendors(signal);
    const byOrigin = new Map(directory.filter((v) => v.origin_id).map((v) => [String(v.origin_id), v]));
    const bodies = requests.map((r) => withIds(r.body));
    const links = vendorLinks(bodies, directory, (i) => !byOrigin.has((requests[i] as VendorWrite).originId));
    return requests.map((request, i): PlanResult => {
      const body = bodies[i] as Record<string, unknown>;
      const have: ProcoreVendor | undefined = byOrigin.get(request.originId) ?? links[i];
      if (!have) return { ok: true, action: 'create', changes: createdFields(body) };
      const note = byOrigin.has(request.originId) ? undefined : `linked by origin_code ${String(body['origin_code'])} to the vendor made in Procore`;
      return decided(have.id, changedFields(body, have as Record<string, unknown>), note);
    });
  }

  /** One project's cost codes on one reading of its list; a code the batch would make counts as there for the codes under it. */
  private async planCostCodes(projectId: string, batch: Array<{ request: CostCodeWrite }>, signal?: AbortSignal): Promise<PlanResult[]> {
    const known: ProcoreCostCodeRecord[] = [...(await this.client.costCodes(projectId, signal))];
    const out: PlanResult[] = new Array(batch.length);
    for (const { request, k } of costCodeOrder(batch)) {
      out[k] = await planned(request, async () => {
        const match = matchCostCode(request, known);
        if (match.kind === 'theirs') return { ok: true, action: 'unchanged', id: match.code.id, changes: [], note: `cost code ${request.fullCode} was made in Procore and is left as it is` };
        if (match.kind === 'found') return decided(match.code.id, changedFields(request.fields, match.code as Record<string, unknown>));
        known.push({ id: `planned:${request.originId}`, code: match.segment, full_code: request.fullCode, name: null, origin_id: request.originId });
        return { ok: true, action: 'create', changes: createdFields({ ...request.fields, code: match.segment, parent_id: match.parent ? match.parent.id : null, origin_id: request.originId }) };
      });
    }
    return out;
  }

  private async planCommitment(request: CommitmentWrite, signal?: AbortSignal): Promise<PlanResult> {
    const { header, found } = await this.lookup.commitment(request, signal);
    if (!found) return { ok: true, action: 'create', changes: [...createdFields(header), ...lineWork(request.lines, []).changes] };
    const existing = await this.client.commitmentLineItems(request.projectId, found.id, signal);
    return decided(found.id, [...changedFields(header, found as Record<string, unknown>), ...lineWork(request.lines, existing).changes]);
  }

  private async planDirectCost(request: DirectCostWrite, signal?: AbortSignal): Promise<PlanResult> {
    const { header, lines, found } = await this.lookup.directCost(request, signal);
    if (!found) return { ok: true, action: 'create', changes: [...createdFields(header), ...lineWork(lines as Array<Record<string, unknown> & { origin_id: string }>, []).changes] };
    const changes = directCostChanges(header, lines, found);
    return decided(found.id, [...changes.header, ...changes.lines]);
  }
}

function decided(id: string, changes: PlanFieldChange[], note?: string): PlanResult {
  return { ok: true, action: changes.length > 0 ? 'update' : 'unchanged', id, changes, ...(note ? { note } : {}) };
}

/** A refusal of the writer's (unknown vendor, moved code...) or a failed read, as the plan's fail. */
function failure(request: ProcoreWriteRequest, err: unknown): PlanResult {
  if (err instanceof WriteRefusal) return { ok: false, error: { message: `procore: ${err.message}`, code: err.code } };
  const outcome = failedProcoreOutcome(request, err, 'procore: could not plan the record');
  return { ok: false, error: outcome.ok ? { message: String(err), code: 'MLC_PLAN_FAILED' } : { message: outcome.error.message, code: outcome.error.code } };
}

async function planned(request: ProcoreWriteRequest, plan: () => Promise<PlanResult>): Promise<PlanResult> {
  try {
    return await plan();
  } catch (err) {
    return failure(request, err);
  }
}
