// What every system's read node does around its own reading: one run at a time (one trigger queued,
// more refused), and with a store one instance at a time (a lease `read:<node id>` taken when the run
// starts; a trigger that finds another live instance holding it reads nothing and says so in the
// status and the log), the run record in the store, status progress and outcome, one message per record
// on output 1 and the end-of-run message on output 2, errors to done(err), and a redeploy that stops
// the run at once. The system's node says what it reads and how its messages look, in `run`.
import type { Node, NodeAPI, NodeMessage } from 'node-red';
import { instanceOfHolder, LeaseHeldError, LeaseLostError, ReadLease, readLeaseName } from '../../lib/read/read-lease';
import { RunRecord } from '../../lib/read/run-record';
import { RunSlot } from '../../lib/read/run-slot';
import { DEFAULT_PROCESS_LEASE_MS } from '../../lib/store/process-identity';
import type { Store } from '../../lib/store/types';
import { resolveStore, storeHolder, storeLeaseMs } from '../core/store-user';
import { NodeInputError, toError } from './errors';
import { onClose, onInput } from './input';
import { isPlanTrigger, markPlanned } from './plan-mode';
import { planView } from '../../lib/read/plan-view';
import { MAX_STATUS_TEXT, NodeStatus, shorten, type StatusKind } from './status';
import type { DoneFn, MlcMessage, SendFn } from './types';

/** The node's settings as parsed once at deploy, or why they could not be; the error goes with every trigger. */
export type ParsedSettings<S> = { settings: S; error?: undefined } | { settings?: undefined; error: Error };

export function parseSettings<S>(parse: () => S): ParsedSettings<S> {
  try {
    return { settings: parse() };
  } catch (err) {
    return { error: toError(err) };
  }
}

/** A system's config node as its read node sees it. */
export interface ClientSource<C> {
  getClient(): C;
}

export interface ReadSystem {
  /** As users know it, for messages and status: "Odoo", "UKG". */
  name: string;
  /** In error codes: MLC_<code>_NO_CONFIG, MLC_<code>_READ_BUSY. */
  code: string;
  /** The node type of its config node, named in the error when none is chosen. */
  configType: string;
}

export interface ShownStatus {
  kind: StatusKind;
  text: string;
}

export interface ReadRunStart {
  runId: string;
  /** What this run reads, for the run record's note. */
  note: string;
  /** For the status while it runs: "reading <reading>". */
  reading: string;
  /** The status text after a page went out, from the page number and the records sent so far. */
  progress(page: number, sent: number): string;
}

/** A run under way, as the system's reading sees it. */
export interface ReadRun {
  readonly runId: string;
  /** One message on output 1. One send a message: Node-RED clones every message after the first of a send() call. */
  send(message: NodeMessage): void;
  /** After a page went out: progress in the status, the run's read count raised in the store. */
  pageSent(page: number, records: number): Promise<void>;
}

export interface ReadRunContext<S, C> {
  readonly msg: MlcMessage;
  readonly settings: S;
  /** Aborted when a redeploy stops the run. */
  readonly signal: AbortSignal;
  /**
   * The store, opened on first call; null when the node has none. Asked for by the run, after its
   * checks of the message, so a bad message is reported as such whatever the store's state.
   */
  store(): Promise<Store | null>;
  /** The config node's client. It throws when the config node's settings are unusable, so the run asks for it after its own checks. */
  client(): C;
  /**
   * Takes the node's read lease (with a store: one instance at a time runs this read), then records
   * the run as started and shows it; from here a failure marks the run failed. Called before
   * the first remote call, so a run refused at once (wrong credentials, host down, 5xx until the
   * retries ran out) is in the store as failed with its error, not only in a Catch node.
   */
  start(run: ReadRunStart): Promise<ReadRun>;
}

export interface ReadRunOutcome {
  /** The run record's closing note. */
  note: string;
  status: ShownStatus;
  /** Output 2's message: the trigger message with this topic and payload. */
  end: { topic: string; payload: unknown };
  /** Things the flow should know though nothing failed; each becomes a node warning. */
  warnings?: readonly string[];
}

export interface ReadNodeDefinition<S, C> {
  /** The node's type, e.g. "mlc-odoo-read": the prefix of its error messages. */
  type: string;
  system: ReadSystem;
  settings: ParsedSettings<S>;
  /** The config node chosen, or null. */
  config: ClientSource<C> | null;
  /** The mlc-store config node's id, if one is chosen. */
  storeId: string | undefined;
  /** How long the read lease lasts without renewal (renewed every third of it); default the store's process lease, 30 s. */
  leaseMs?: number;
  /** Whether these settings read nothing without a store: the node then shows "no store" from the start. */
  needsStore(settings: S): boolean;
  /** One run: reads, sends through the ReadRun that `context.start` gives, and says what the run amounted to. */
  run(context: ReadRunContext<S, C>): Promise<ReadRunOutcome>;
}

interface Trigger {
  msg: MlcMessage;
  send: SendFn;
  done: DoneFn;
}

/** Wires a read node created with RED.nodes.createNode: its triggers, runs, status and close. */
export function setUpReadNode<S, C>(RED: NodeAPI, node: Node, definition: ReadNodeDefinition<S, C>): void {
  const { type, system, settings: parsed, config } = definition;
  const status = new NodeStatus(node);
  const getStore = resolveStore(RED, definition.storeId);
  // A redeploy aborts the run: the HTTP requests in flight, the audit wait and the page loop.
  const stop = new AbortController();
  const slot = new RunSlot<Trigger>((trigger) => runRead(trigger));
  const leaseMs = definition.leaseMs ?? storeLeaseMs(RED, definition.storeId) ?? DEFAULT_PROCESS_LEASE_MS;
  let activeRun: RunRecord | null = null;
  let activeLease: ReadLease | null = null;

  async function runRead({ msg, send, done }: Trigger): Promise<void> {
    // Set once the run record is started: only then is there a run to mark failed.
    const started: { record: RunRecord | null; lease: ReadLease | null; lost: LeaseLostError | null } = { record: null, lease: null, lost: null };
    // Stops this run alone when its lease went to another instance; a redeploy stops every run.
    const lostLease = new AbortController();
    const signal = AbortSignal.any([stop.signal, lostLease.signal]);
    try {
      if (stop.signal.aborted) {
        done();
        return;
      }
      const settings = usableSettings();
      let opened: Promise<Store | null> | null = null;
      // A plan run's read leaves its cursor where it was and waits for no audit (lib/read/plan-view.ts).
      const planRun = isPlanTrigger(msg);
      const store = (): Promise<Store | null> => (opened ??= getStore ? getStore().then((s) => (planRun ? planView(s) : s)) : Promise.resolve(null));
      const outcome = await definition.run({
        msg,
        settings,
        signal,
        store,
        client: () => (config as ClientSource<C>).getClient(),
        start: async ({ runId, note, reading, progress }) => {
          const opened = await store();
          const holder = opened ? storeHolder(RED, definition.storeId) : null;
          if (opened && holder) {
            started.lease = await ReadLease.take({
              store: opened,
              name: readLeaseName(node.id),
              holder,
              ttlMs: leaseMs,
              onLost: (error) => {
                started.lost = error;
                lostLease.abort(error);
              },
              onRenewFailed: (err) => node.warn(`${type}: could not renew the read lease: ${toError(err).message}`),
            });
            activeLease = started.lease;
          }
          const record = new RunRecord(opened, runId);
          activeRun = record;
          await record.start(node.z ?? null, `${planRun ? 'plan: ' : ''}${type} ${node.id}: ${note}`);
          started.record = record;
          status.set('working', `reading ${reading}`);
          let sent = 0;
          return {
            runId,
            // A plan run's records say so, so dedup, the write and audit plan them instead of writing.
            send: (message) => send([planRun ? markPlanned(message) : message, null]),
            pageSent: async (page, records) => {
              sent += records;
              status.progress(progress(page, sent));
              await record.counted(records);
            },
          };
        },
      });
      // A plan run's note names where a real run would have left the cursor; this one left it alone.
      await started.record?.finished(planRun ? `plan: ${outcome.note}${/cursor/.test(outcome.note) ? ' (the cursor stays: a plan)' : ''}` : outcome.note);
      for (const warning of outcome.warnings ?? []) node.warn(warning);
      status.set(outcome.status.kind, outcome.status.text);
      // The trigger message goes on, as Node-RED nodes reuse theirs, so what a flow put on it travels.
      msg.topic = outcome.end.topic;
      msg.payload = outcome.end.payload;
      // The end message names its run as the run's records do, so a flow can reconcile the run (mlc-reconcile).
      if (started.record) (msg as Record<string, unknown>)['mlc'] = { runId: started.record.runId };
      send([null, msg]);
      done();
    } catch (err) {
      if (err instanceof LeaseHeldError) {
        // Another live instance runs this read: not a failure (nothing failed), so no Catch; said in the status and the log.
        status.set('waiting', heldStatus(instanceOfHolder(err.lease.holder), err.lease.expiresAt));
        node.log(`${type}: ${err.message}`);
        done();
        return;
      }
      const error = started.lost ?? toError(err);
      await started.record?.failed(error.message);
      // Stopped by a redeploy: nothing failed that the flow should hear about.
      if (stop.signal.aborted) {
        done();
        return;
      }
      status.set('error', error.message);
      done(error);
    } finally {
      activeRun = null;
      activeLease = null;
      await started.lease?.release();
    }
  }

  function usableSettings(): S {
    if (parsed.error) throw parsed.error;
    if (!config || typeof config.getClient !== 'function') {
      throw new NodeInputError(`${type}: no ${system.name} connection configured; choose an ${system.configType} node`, `MLC_${system.code}_NO_CONFIG`);
    }
    return parsed.settings;
  }

  if (parsed.error) status.set('error', 'invalid settings');
  else if (!config) status.set('error', `no ${system.name} config`);
  else if (definition.needsStore(parsed.settings) && !getStore) status.set('error', 'no store');
  else status.set('idle', 'ready');

  onInput<MlcMessage>(node, status, async (msg, send, done) => {
    if (stop.signal.aborted) {
      done();
      return;
    }
    const outcome = slot.offer({ msg, send, done });
    if (outcome === 'queued') status.set('waiting', 'running, 1 queued');
    if (outcome === 'refused') {
      // Not a failure of the run under way, so its status stays; the flow still hears of it.
      done(new NodeInputError(`${type}: a read is running and another is queued; this trigger was refused`, `MLC_${system.code}_READ_BUSY`));
    }
  });

  onClose(node, async () => {
    const reason = new Error(`${type}: stopped by a redeploy`);
    void activeRun?.failed(reason.message);
    // At once, like the run's note: the store's config node closes in the same redeploy.
    void activeLease?.release();
    stop.abort(reason);
    slot.takeQueued()?.done();
    await slot.idle();
    status.clear();
  });
}

/**
 * "held by <instance> until 08:00:30Z". Status text is cut at 40 characters, so a long instance name
 * (host name and user-directory hash) is shown by its host name, shortened if need be, and the time
 * always shows; the log line has it in full.
 */
export function heldStatus(instance: string, expiresAt: string): string {
  const until = ` until ${expiresAt.slice(11, 19)}Z`;
  const room = MAX_STATUS_TEXT - 'held by '.length - until.length;
  const colon = instance.lastIndexOf(':');
  const shown = instance.length <= room || colon <= 0 ? instance : instance.slice(0, colon);
  return `held by ${shorten(shown, room)}${until}`;
}
