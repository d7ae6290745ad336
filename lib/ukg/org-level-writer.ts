import { codeForStatus, isHttpError } from '../http/errors';
import { ConcurrencyGate } from '../util/concurrency-gate';
import type { UkgClient } from './client';
import { createOrgLevels, updateOrgLevel } from './configuration';
import type { ItemOutcome } from './multistatus';
import { orgLevelId, type OrgLevelRequest } from './org-level-input';

/**
 * Writes a batch of org levels the way UKG takes them: every create (and upsert) in one bulk POST,
 * whose 207 says per item what happened; updates one PATCH each, since UKG has no bulk update. An
 * upsert whose item answered 409 "already exists" is then PATCHed.
 */
export interface OrgLevelError {
  message: string;
  code: string;
  /** The HTTP status of the item (207 item status) or of the failed call; absent when no call was made. */
  status?: number;
}

export type OrgLevelOutcome = { ok: true; id: string; status: number; created: boolean; body: unknown } | { ok: false; id: string; error: OrgLevelError };

export function failedOutcome(id: string, err: unknown): OrgLevelOutcome {
  const base = err instanceof Error ? err : new Error(String(err));
  const own = (base as { code?: unknown }).code;
  const status = isHttpError(base) ? base.status : undefined;
  return { ok: false, id, error: { message: base.message, code: typeof own === 'string' ? own : 'MLC_UKG_WRITE_FAILED', ...(status !== undefined ? { status } : {}) } };
}

function itemFailure(request: OrgLevelRequest, item: Extract<ItemOutcome, { ok: false }>): OrgLevelOutcome {
  const id = orgLevelId(request.level, request.code);
  const code = item.status === 409 ? 'MLC_UKG_ORG_LEVEL_EXISTS' : item.status === 0 ? 'MLC_UKG_NO_STATUS' : codeForStatus(item.status);
  const said = item.status === 0 ? item.message : `UKG answered ${item.status}: ${item.message}`;
  return { ok: false, id, error: { message: `ukg: org level ${id} was not created; ${said}`, code, ...(item.status !== 0 ? { status: item.status } : {}) } };
}

/** UKG may normalise the code (upper case); the id follows what UKG answered when it says. */
function idFrom(request: OrgLevelRequest, body: unknown): string {
  const code = body && typeof body === 'object' ? (body as { code?: unknown }).code : undefined;
  return orgLevelId(request.level, typeof code === 'string' && code !== '' ? code : request.code);
}

export class OrgLevelWriter {
  private readonly patches: ConcurrencyGate;

  constructor(private readonly client: UkgClient) {
    this.patches = new ConcurrencyGate(client.settings.concurrency);
  }

  async writeBatch(requests: OrgLevelRequest[]): Promise<OrgLevelOutcome[]> {
    const outcomes = new Array<OrgLevelOutcome | undefined>(requests.length);
    const toPatch: number[] = [];
    const toPost = requests.map((request, index) => ({ request, index })).filter(({ request }) => request.operation !== 'update');
    requests.forEach((request, index) => {
      if (request.operation === 'update') toPatch.push(index);
    });

    if (toPost.length > 0) {
      try {
        const items = await createOrgLevels(
          this.client,
          toPost.map(({ request }) => request.record),
        );
        items.forEach((item, position) => {
          const entry = toPost[position];
          if (!entry) return;
          const { request, index } = entry;
          if (item.ok) outcomes[index] = { ok: true, id: idFrom(request, item.body), status: item.status, created: true, body: item.body };
          else if (item.status === 409 && request.operation === 'upsert') toPatch.push(index);
          else outcomes[index] = itemFailure(request, item);
        });
      } catch (err) {
        // The POST as a whole failed (credentials, role, network): every record of it failed the same way.
        for (const { request, index } of toPost) outcomes[index] = failedOutcome(orgLevelId(request.level, request.code), err);
      }
    }

    await Promise.all(
      toPatch.map((index) =>
        this.patches.run(async () => {
          const request = requests[index];
          if (!request) return;
          try {
            const body = await updateOrgLevel(this.client, request.level, request.code, request.changes);
            outcomes[index] = { ok: true, id: idFrom(request, body), status: 200, created: false, body };
          } catch (err) {
            outcomes[index] = failedOutcome(orgLevelId(request.level, request.code), err);
          }
        }),
      ),
    );

    return requests.map((request, index) => outcomes[index] ?? failedOutcome(orgLevelId(request.level, request.code), new Error('ukg: no outcome for this org level')));
  }
}
