// mlc-dedup: claims msg.mlc.key in the store. A new key goes out of output 1 to the write; a key
// already posted (or held by another instance, or parked) goes out of output 2 with what is known.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { EnvelopeError, parseEnvelope, readLinksOf, unkeyedKey, type MlcEnvelope } from '../../lib/envelope';
import { peekClaims } from '../../lib/store/claim-peek';
import type { ClaimRequest, ClaimResult, Store } from '../../lib/store/types';
import { MicroBatcher } from '../../lib/util/micro-batcher';
import { toError } from '../shared/errors';
import { onClose } from '../shared/input';
import { isPlanned } from '../shared/plan-mode';
import { fit, NodeStatus } from '../shared/status';
import type { DoneFn, MlcMessage, SendFn } from '../shared/types';
import { NEW_OUTPUT, decide, decidePlanned } from './dedup-logic';
import { claimOwner, missingStoreError, OpenedStore, resolveStore, storeHolder } from './store-user';

interface DedupSettings {
  store?: string;
  staleMinutes?: string | number;
}

export = function (RED: NodeAPI): void {
  function MlcDedupNode(this: Node, def: NodeDef & DedupSettings): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const getStore = resolveStore(RED, def.store);
    const owner = claimOwner(node);
    const holder = storeHolder(RED, def.store);
    const staleMinutes = Number(def.staleMinutes);
    const staleAfterMs = Number.isFinite(staleMinutes) && staleMinutes > 0 ? staleMinutes * 60_000 : undefined;
    const counts = { new: 0, duplicate: 0, inProgress: 0 };
    const progressText = (): string => {
      const seen = `new ${counts.new}, duplicate ${counts.duplicate}`;
      return counts.inProgress ? fit(`${seen}, in progress elsewhere ${counts.inProgress}`, `${seen}, elsewhere ${counts.inProgress}`) : seen;
    };
    let batcher: MicroBatcher<ClaimRequest, ClaimResult> | null = null;
    let peeker: MicroBatcher<string, ClaimResult> | null = null;

    const claim = (request: ClaimRequest, store: Store, claimed: (err: unknown, result: ClaimResult | undefined) => void): void => {
      batcher ??= new MicroBatcher(async (requests) => {
        // Linked before the claim, so a read never sees a re-keyed record's claim without knowing it is its own.
        await store.linkReadKeys(readLinksOf(requests));
        const results = await store.claimMany(requests);
        await countPerRun(store, requests, results);
        return results;
      });
      batcher.add(request, claimed);
    };

    // A planned record is only checked: nothing is claimed, so the real run finds every key as it was.
    const peek = (key: string, store: Store): Promise<ClaimResult> => {
      peeker ??= new MicroBatcher((keys) => peekClaims(store, keys));
      return peeker.submit(key);
    };

    if (!getStore) status.set('error', 'no store');
    else status.set('idle', 'ready');
    const opened = getStore ? new OpenedStore(getStore) : null;

    /** A record without a key cannot be deduplicated; it is kept as failed so it is not lost. */
    const keepUnkeyed = async (store: Store, msg: MlcMessage, err: unknown): Promise<never> => {
      const key = unkeyedKey(msg.payload, node.id);
      const message = `mlc-dedup: ${(err as Error).message}`;
      await store.markFailed({ key, error: { message, code: 'MLC_BAD_ENVELOPE', source: 'mlc-dedup', node: node.id }, payload: msg.payload, flow: node.z ?? null });
      throw new EnvelopeError(`${message} (kept in the store as ${key})`);
    };

    // Callbacks rather than an async handler per message (see OpenedStore); every error still ends in done(err).
    node.on('input', (msg: MlcMessage, send: SendFn, done: DoneFn) => {
      const fail = (err: unknown): void => {
        const error = toError(err);
        status.set('error', error.message);
        done(error);
      };
      if (!opened) return fail(missingStoreError('mlc-dedup'));
      opened.with((store) => {
        let mlc: MlcEnvelope;
        try {
          mlc = parseEnvelope(msg.mlc);
        } catch (err) {
          keepUnkeyed(store, msg, err).catch(fail);
          return;
        }
        const answer = (result: ClaimResult, planned: boolean): void => {
          const decision = planned ? decidePlanned(mlc, result) : decide(mlc, result, owner);
          msg.mlc = decision.mlc;
          if (result.outcome === 'claimed') counts.new++;
          else if (result.outcome === 'in-progress') counts.inProgress++;
          else counts.duplicate++;
          status.progress(progressText);
          send(decision.output === NEW_OUTPUT ? [msg, null] : [null, msg]);
          done();
        };
        if (isPlanned(mlc)) {
          peek(mlc.key, store).then((result) => answer(result, true)).catch(fail);
          return;
        }
        const request: ClaimRequest = {
          key: mlc.key,
          owner,
          runId: mlc.runId ?? null,
          source: mlc.source ?? null,
          mlc,
          // What replay needs should the claim be orphaned: the record as read, or else the record itself.
          ...(mlc.input !== undefined ? { input: mlc.input } : { payload: msg.payload }),
          flow: node.z ?? null,
          holder,
          ...(staleAfterMs ? { staleAfterMs } : {}),
        };
        claim(request, store, (err, result) => {
          if (err !== undefined || !result) return fail(err ?? new Error('mlc-dedup: no claim result'));
          try {
            answer(result, false);
          } catch (failure) {
            fail(failure);
          }
        });
      }, fail);
    });

    onClose(node, () => status.clear());
  }

  RED.nodes.registerType('mlc-dedup', MlcDedupNode as unknown as (this: Node, def: NodeDef) => void);
};

/** Run counters, so a run's record says how many records were new and how many were duplicates. */
async function countPerRun(store: Store, requests: ClaimRequest[], results: ClaimResult[]): Promise<void> {
  const perRun = new Map<string, { claimed: number; duplicates: number; inProgress: number }>();
  requests.forEach((request, i) => {
    if (!request.runId) return;
    const counts = perRun.get(request.runId) ?? { claimed: 0, duplicates: 0, inProgress: 0 };
    const outcome = results[i]?.outcome;
    // In progress is another claimant's live work, not a record already posted.
    if (outcome === 'claimed') counts.claimed++;
    else if (outcome === 'in-progress') counts.inProgress++;
    else counts.duplicates++;
    perRun.set(request.runId, counts);
  });
  for (const [runId, counts] of perRun) await store.addRunCounts(runId, counts);
}
