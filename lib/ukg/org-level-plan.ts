// Plan-only org-level writes to UKG: what OrgLevelWriter would do with each record of a batch, found
// by its own look-up (one GET of the org-level list per batch, orgLevelsByKey) and compared the way it
// compares values (sameField), without writing anything.
import { codeForStatus } from '../http/errors';
import type { PlanFieldChange, PlanOutcome } from '../plan/plan';
import type { UkgClient } from './client';
import { orgLevelId, type OrgLevelRequest } from './org-level-input';
import { failedOutcome, lookupKey, orgLevelsByKey, sameField, sameValues } from './org-level-writer';
import type { OrgLevel } from './records';

export class OrgLevelPlanner {
  constructor(
    private readonly client: UkgClient,
    private readonly signal?: AbortSignal,
  ) {}

  /** One outcome per request, in order (the write nodes' batching drives it like a writer); a failed look-up fails the whole batch alike. */
  async writeBatch(requests: OrgLevelRequest[]): Promise<PlanOutcome[]> {
    let found: Map<string, OrgLevel>;
    try {
      found = await orgLevelsByKey(this.client, this.signal);
    } catch (err) {
      const { message, code } = failedOutcome('', err).error;
      const error = { message: `ukg: looking the org levels up failed: ${message}`, code };
      return requests.map(() => ({ ok: false, error }));
    }
    return requests.map((request) => planOne(request, found.get(lookupKey(request.level, request.code))));
  }
}

function planOne(request: OrgLevelRequest, there: OrgLevel | undefined): PlanOutcome {
  const id = orgLevelId(request.level, request.code);
  if (!there) {
    if (request.operation === 'update') {
      return { ok: false, error: { message: `ukg: org level ${id} was not updated; UKG has no such org level (a PATCH would answer 404)`, code: codeForStatus(404) } };
    }
    const changes = Object.entries(request.record).map(([field, value]): PlanFieldChange => ({ field, old: null, new: value }));
    return { ok: true, action: 'create', changes };
  }
  const heldId = orgLevelId(there.level, there.code);
  if (request.operation === 'create') {
    // The writer's 409 path: the same values are an earlier attempt's write, other values a conflict.
    if (sameValues(request.record, there)) return { ok: true, action: 'unchanged', id: heldId, changes: [], note: 'UKG holds this org level with the values sent (an earlier write); nothing would be sent' };
    return { ok: false, error: { message: `ukg: org level ${id} was not created; UKG holds it with other values`, code: 'MLC_UKG_ORG_LEVEL_EXISTS' } };
  }
  const held = there as Record<string, unknown>;
  const changes = Object.entries(request.changes)
    .filter(([field, value]) => !sameField(value, held[field]))
    .map(([field, value]): PlanFieldChange => ({ field, old: held[field] ?? null, new: value }));
  const archives = changes.some((c) => c.field === 'isActive' && c.new === false);
  return { ok: true, action: archives ? 'archive' : changes.length > 0 ? 'update' : 'unchanged', id: heldId, changes };
}
