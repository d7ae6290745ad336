import { codeForStatus, isHttpError, outcomeUnknown } from '../http/errors';
import { ConcurrencyGate } from '../util/concurrency-gate';
import type { UkgClient } from './client';
import { createOrgLevels, readOrgLevels, updateOrgLevel } from './configuration';
import type { ItemOutcome } from './multistatus';
import { orgLevelId, type OrgLevelRequest } from './org-level-input';
import type { OrgLevel } from './records';

/**
 * Writes a batch of org levels the way UKG takes them: every create (and upsert) in one bulk POST,
 * whose 207 says per item what happened; updates one PATCH each, since UKG has no bulk update. An
 * upsert whose item answered 409 "already exists" is then PATCHed.
 *
 * Exactly once under faults. An org level's identity is its key (level, code), which UKG keeps unique,
 * so after any unknown outcome of the POST (timeout, cut or lost answer, dropped connection, 5xx) the
 * writer sends nothing before it has looked the records up: one GET of the org-level list. A record
 * found with the values sent is written (its id, `confirmedBy: 'lookup'`); an upsert found with other
 * values is PATCHed; a create found with other values fails as existing. Records not found are sent
 * again once, together in one POST; if that outcome is unknown too and a second look-up still misses
 * them, or a look-up itself fails, they fail with MLC_UKG_OUTCOME_UNKNOWN (transient: replay them; the
 * replay looks them up the same way through the 409 path). A record is never resent on its own after a
 * 5xx. Only a definitive refusal of the whole POST (400/422 validation) sends the records again one by
 * one, each in its own POST, so one bad record does not fail the rest. A 409 for a create is looked up
 * too: the same values mean an earlier attempt (a crash, a lost answer) already wrote it.
 */
export interface OrgLevelError {
  message: string;
  code: string;
  /** The HTTP status of the item (207 item status) or of the failed call; absent when no call was made. */
  status?: number;
  /** Whether the same record may succeed later unchanged (replay it): the outcome was unknown. */
  transient?: boolean;
}

export type OrgLevelOutcome =
  | { ok: true; id: string; status: number; created: boolean; body: unknown; confirmedBy?: 'lookup' }
  | { ok: false; id: string; error: OrgLevelError };

/** An org level not written, and why. */
export type OrgLevelFailure = Extract<OrgLevelOutcome, { ok: false }>;

export function failedOutcome(id: string, err: unknown): OrgLevelFailure {
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

export { outcomeUnknown } from '../http/errors';

/** A refusal of the whole request for what it holds (validation), not of who sent it or when. */
function validationRefusal(err: unknown): boolean {
  return isHttpError(err) && err.code === 'MLC_HTTP_REJECTED' && (err.status === 400 || err.status === 422);
}

/** An org level's key as UKG keeps it unique: the level and the code, whose case UKG ignores. */
export const lookupKey = (level: number, code: string): string => `${level}/${code.toUpperCase()}`;

/** Fields UKG decides or that are the key: not compared. */
const NOT_COMPARED = new Set(['level', 'code', 'levelDescription']);

/** Whether a field sent holds what UKG holds (null and absent alike; objects by their JSON). */
export function sameField(value: unknown, there: unknown): boolean {
  if (value === null || value === undefined || there === null || there === undefined) return (value ?? null) === (there ?? null);
  return typeof value === 'object' ? JSON.stringify(value) === JSON.stringify(there) : value === there;
}

/** Whether the org level in UKG holds the values this record would create (fields UKG did not keep are not compared). */
export function sameValues(record: Record<string, unknown>, found: Record<string, unknown>): boolean {
  return Object.entries(record).every(([field, value]) => NOT_COMPARED.has(field) || value === undefined || !(field in found) || sameField(value, found[field]));
}

/** Every org level in UKG by its key: one GET of the (unpaged) list, whatever the batch size. */
export async function orgLevelsByKey(client: UkgClient, signal?: AbortSignal): Promise<Map<string, OrgLevel>> {
  const levels = await readOrgLevels(client, {}, signal);
  return new Map(levels.map((level) => [lookupKey(level.level, level.code), level]));
}

interface Entry {
  request: OrgLevelRequest;
  index: number;
}

export class OrgLevelWriter {
  private readonly patches: ConcurrencyGate;

  constructor(private readonly client: UkgClient) {
    this.patches = new ConcurrencyGate(client.settings.concurrency);
  }

  async writeBatch(requests: OrgLevelRequest[]): Promise<OrgLevelOutcome[]> {
    const outcomes = new Array<OrgLevelOutcome | undefined>(requests.length);
    const toPatch: number[] = [];
    const toPost: Entry[] = [];
    requests.forEach((request, index) => {
      if (request.operation === 'update') toPatch.push(index);
      else toPost.push({ request, index });
    });

    if (toPost.length > 0) await this.create(toPost, outcomes, toPatch, { resent: false, oneByOne: false });

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

  /** One bulk POST of `entries` and what follows from its answer (or its lack of one). */
  private async create(entries: Entry[], outcomes: Array<OrgLevelOutcome | undefined>, toPatch: number[], attempt: { resent: boolean; oneByOne: boolean }): Promise<void> {
    let items: ItemOutcome[];
    try {
      items = await createOrgLevels(
        this.client,
        entries.map(({ request }) => request.record),
      );
    } catch (err) {
      if (outcomeUnknown(err)) {
        await this.afterUnknownOutcome(entries, err, outcomes, toPatch, attempt);
        return;
      }
      if (validationRefusal(err) && entries.length > 1 && !attempt.oneByOne) {
        // Refused as a whole for what it holds: each record on its own, so one bad record fails alone.
        for (const entry of entries) await this.create([entry], outcomes, toPatch, { ...attempt, oneByOne: true });
        return;
      }
      // Refused before anything was stored (credentials, role, rate limit, validation): the same for every record.
      for (const { request, index } of entries) outcomes[index] = failedOutcome(orgLevelId(request.level, request.code), err);
      return;
    }

    const conflicts: Array<Entry & { item: Extract<ItemOutcome, { ok: false }> }> = [];
    items.forEach((item, position) => {
      const entry = entries[position];
      if (!entry) return;
      const { request, index } = entry;
      if (item.ok) outcomes[index] = { ok: true, id: idFrom(request, item.body), status: item.status, created: true, body: item.body };
      else if (item.status === 409 && request.operation === 'upsert') toPatch.push(index);
      else if (item.status === 409) conflicts.push({ ...entry, item });
      else outcomes[index] = itemFailure(request, item);
    });
    if (conflicts.length > 0) await this.settleConflicts(conflicts, outcomes);
  }

  /** The POST may or may not have been stored: look before sending anything again. */
  private async afterUnknownOutcome(entries: Entry[], cause: unknown, outcomes: Array<OrgLevelOutcome | undefined>, toPatch: number[], attempt: { resent: boolean; oneByOne: boolean }): Promise<void> {
    const causeText = cause instanceof Error ? cause.message : String(cause);
    let found: Map<string, OrgLevel>;
    try {
      found = await orgLevelsByKey(this.client);
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      for (const { request, index } of entries) {
        const id = orgLevelId(request.level, request.code);
        outcomes[index] = unknownOutcome(id, `ukg: org level ${id}: the POST's outcome is unknown (${causeText}) and looking it up failed (${text}); not sent again. Replay it once UKG answers: it is looked up first`);
      }
      return;
    }
    const missing: Entry[] = [];
    for (const entry of entries) {
      const { request, index } = entry;
      const there = found.get(lookupKey(request.level, request.code));
      if (!there) missing.push(entry);
      else if (sameValues(request.record, there)) outcomes[index] = { ok: true, id: idFrom(request, there), status: 200, created: true, body: there, confirmedBy: 'lookup' };
      else if (request.operation === 'upsert') toPatch.push(index);
      else {
        const id = orgLevelId(request.level, request.code);
        outcomes[index] = { ok: false, id, error: { message: `ukg: org level ${id} was not created; UKG holds it with other values (looked up after an unknown outcome: ${causeText})`, code: 'MLC_UKG_ORG_LEVEL_EXISTS' } };
      }
    }
    if (missing.length === 0) return;
    if (!attempt.resent) {
      // Not stored: sent again, once, the missing ones together.
      await this.create(missing, outcomes, toPatch, { ...attempt, resent: true });
      return;
    }
    for (const { request, index } of missing) {
      const id = orgLevelId(request.level, request.code);
      outcomes[index] = unknownOutcome(id, `ukg: org level ${id} is not in UKG after two POSTs whose outcome was unknown (last: ${causeText}); not sent again. Replay it later`);
    }
  }

  /** A create answered 409: written by an earlier attempt of ours if UKG holds the values sent, else a real conflict. */
  private async settleConflicts(conflicts: Array<Entry & { item: Extract<ItemOutcome, { ok: false }> }>, outcomes: Array<OrgLevelOutcome | undefined>): Promise<void> {
    let found: Map<string, OrgLevel> | null = null;
    try {
      found = await orgLevelsByKey(this.client);
    } catch {
      // The 409 stands as UKG said it.
    }
    for (const { request, index, item } of conflicts) {
      const there = found?.get(lookupKey(request.level, request.code));
      outcomes[index] = there && sameValues(request.record, there) ? { ok: true, id: idFrom(request, there), status: 200, created: false, body: there, confirmedBy: 'lookup' } : itemFailure(request, item);
    }
  }
}

function unknownOutcome(id: string, message: string): OrgLevelOutcome {
  return { ok: false, id, error: { message, code: 'MLC_UKG_OUTCOME_UNKNOWN', transient: true } };
}
