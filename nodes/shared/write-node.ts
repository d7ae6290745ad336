// What the write nodes do with each message, whatever the target: the messages that arrive together
// go out in one batch (a bounded number of batches in flight), the status counts the outcomes, a
// failed record leaves by output 2 when it is wired, and close waits for the writes in flight.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { gatedBatcher, type MicroBatcher } from '../../lib/util/micro-batcher';
import { NodeInputError, toError } from './errors';
import { failInput, onClose, onSyncInput } from './input';
import { isPlanned, PlannedWrites, type PlanResult } from './plan-mode';
import { NodeStatus } from './status';
import type { DoneFn, MlcMessage, SendFn } from './types';
import { pagePartsOf, recordEnvelopeOf, writePage, type PageWrites } from './write-page';
import { WriteStatus } from './write-status';

export interface BatchWriter<R, O> {
  /** One outcome per request, in the same order. */
  writeBatch(requests: R[]): Promise<O[]>;
}

export interface BatchedWritesOptions<R, O> {
  /** The node's type, e.g. "mlc-odoo-write": msg.error.source.type. */
  nodeType: string;
  maxBatch: number;
  concurrentBatches: number;
  /** Opens the writer for the first batch; it throws when the config node's settings are unusable, and that fails this batch only. */
  openWriter(): BatchWriter<R, O>;
  /** The outcome of a request whose whole batch failed. */
  failed(request: R, err: unknown): O;
}

/** What msg.error says of a record that was not written, besides its source. */
export interface WriteFailureDetails {
  message: string;
  code: string;
  [detail: string]: unknown;
}

export class BatchedWrites<R, O> {
  private readonly shown: WriteStatus;
  private readonly batcher: MicroBatcher<R, O>;
  private readonly errorOutputWired: boolean;
  private inflight = 0;
  private stopping = false;
  /** Resolves close() once the last write in flight has finished. */
  private drained: (() => void) | null = null;

  constructor(
    private readonly node: Node,
    def: NodeDef,
    status: NodeStatus,
    private readonly options: BatchedWritesOptions<R, O>,
  ) {
    this.shown = new WriteStatus(status, () => this.inflight > 0);
    const wires = (def as NodeDef & { wires?: unknown[][] }).wires;
    this.errorOutputWired = Array.isArray(wires?.[1]) && wires[1].length > 0;
    this.batcher = gatedBatcher(options.openWriter, options.maxBatch, options.concurrentBatches);
  }

  /** True once close began: a message that arrives now is refused, as nothing would wait for its write. */
  get closing(): boolean {
    return this.stopping;
  }

  /** Queues the request for the next batch; its promise never rejects, a failed batch gives `failed` outcomes. */
  submit(request: R): Promise<O> {
    return new Promise<O>((resolve) => this.enqueue(request, resolve));
  }

  /**
   * As submit, with a callback instead of a promise: the write nodes' own path, which keeps nothing per
   * record but the request and this callback while the batch is written.
   */
  enqueue(request: R, finish: (outcome: O) => void): void {
    this.inflight++;
    this.batcher.add(request, (err, result) => {
      let outcome: O;
      try {
        outcome = err === undefined ? (result as O) : this.options.failed(request, err);
      } catch (failure) {
        outcome = this.options.failed(request, failure);
      }
      try {
        finish(outcome);
      } catch (failure) {
        // A throwing finisher must not stop the rest of the batch; it is the node's to report.
        this.node.error(`${this.options.nodeType}: ${toError(failure).message}`);
      } finally {
        if (--this.inflight === 0 && this.drained) this.drained();
      }
    });
  }

  /** Counts a record's outcome in the status without sending anything (a page leaves as one message). */
  tally(outcome: boolean | 'unchanged' | 'failed'): void {
    if (outcome === 'failed') this.shown.counts.failed++;
    else if (outcome === 'unchanged') this.shown.counts.unchanged++;
    else if (outcome) this.shown.counts.created++;
    else this.shown.counts.updated++;
    this.shown.update();
  }

  /** Whether output 2 is wired: failures go there, else to Catch nodes. */
  get errorOutput(): boolean {
    return this.errorOutputWired;
  }

  /** msg.error of a record not written: the details and this node as its source. */
  errorFor(details: WriteFailureDetails): WriteFailureDetails & { source: { type: string; id: string; name?: string } } {
    const { node } = this;
    return { ...details, source: { type: this.options.nodeType, id: node.id, ...(node.name ? { name: node.name } : {}) } };
  }

  /** A record written: counted, and on output 1. An unchanged one (a warehouse row already so) is not counted as a change. */
  written(created: boolean | 'unchanged', msg: MlcMessage, send: SendFn, done: DoneFn): void {
    if (created === 'unchanged') this.shown.counts.unchanged++;
    else if (created) this.shown.counts.created++;
    else this.shown.counts.updated++;
    this.shown.update();
    send([msg, null]);
    done();
  }

  /**
   * A record not written: counted, msg.error set. With output 2 wired the failure goes there and done()
   * is called, so a Catch node does not report it a second time; unwired, done(err) hands it to Catch
   * nodes and the debug sidebar.
   */
  failed(details: WriteFailureDetails, asError: () => Error, msg: MlcMessage, send: SendFn, done: DoneFn): void {
    this.tally('failed');
    msg.error = this.errorFor(details);
    if (this.errorOutputWired) {
      send([null, msg]);
      done();
    } else done(asError());
  }

  /** Waits for the writes in flight (onClose bounds the wait within Node-RED's close timeout). */
  async close(): Promise<void> {
    this.stopping = true;
    // Queued messages are flushed on the next turn of the event loop; they are counted in `inflight` already.
    if (this.inflight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    this.shown.clear();
  }
}

/** A record a write node could not write, as a Catch node sees it: the message, the code flows branch on, the HTTP status. */
export class TargetWriteError extends Error {
  constructor(
    name: string,
    message: string,
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = name;
  }
}

/** How the target's writer says a record failed. */
export interface TargetFailure {
  message: string;
  code: string;
  status?: number;
  /** Whether the same record may succeed later unchanged (replay it). */
  transient?: boolean;
}

export type TargetOutcome = { ok: true } | { ok: false; error: TargetFailure };

export interface WriteNodeSpec<C, R, O extends TargetOutcome> {
  /** e.g. "mlc-procore-write". */
  nodeType: string;
  /** The config node the node's settings name (undefined when none is chosen), and the system's name for the error. */
  configId: string | undefined;
  systemName: string;
  configType: string;
  /** The class name of the error handed to done(err), e.g. "ProcoreWriteError". */
  errorName: string;
  /** What one message is ("record", "employee"), for the message of a record refused while stopping. */
  noun: string;
  maxBatch: number;
  concurrentBatches: number;
  /** Checks the node's own settings once; throws what makes the node unusable. */
  setup?(): void;
  openWriter(config: C, signal: AbortSignal): BatchWriter<R, O>;
  /** The write a message asks for; throws an input error (the record then fails like a refused one). */
  request(msg: MlcMessage): R;
  /** The outcome of a request that failed before or instead of its write. */
  failed(request: R | undefined, err: unknown): O;
  /** A written record: sets msg.mlc.target and the system's own part of msg; returns whether it was created, or 'unchanged' when nothing changed. */
  written(outcome: Extract<O, { ok: true }>, msg: MlcMessage): boolean | 'unchanged';
  /** Set by a node that takes a page (msg.payload an array of records) as one message: nodes/shared/write-page.ts. */
  pages?: PageWrites<R, O>;
  /** Plan only: every write node says what it would do without writing (nodes/shared/plan-mode.ts). */
  plan: WritePlanSpec<C, R>;
  /** The node's "plan only" setting: every record is planned unless its msg.mlc.plan is false (a posted plan). */
  planOnly?: boolean;
}

/** A write node's plan-only half: looks each record up as its writer would, writes nothing. */
export interface WritePlanSpec<C, R> {
  /** One PlanResult per request, in order: the writer's own lookup, reads only. */
  openPlanner(config: C, signal: AbortSignal): BatchWriter<R, PlanResult>;
  /** msg.plan.system and .entity of a planned record. */
  target(request: R | undefined, msg: MlcMessage): { system: string; entity: string };
  /** The names of msg's parts besides payload that the write reads (e.g. "operation"): posting the plan sends them again. */
  post?: readonly string[];
}

/**
 * The write nodes' common runtime: the config node checked at deploy, messages batched through
 * BatchedWrites, each outcome out on output 1 (written) or 2 (failed, msg.error; done(err) for Catch
 * nodes when output 2 is not wired), refused while closing, and writes in flight awaited on close
 * before the abort signal goes off.
 */
export function startWriteNode<C extends { getClient(): unknown }, R, O extends TargetOutcome>(RED: NodeAPI, node: Node, def: NodeDef, spec: WriteNodeSpec<C, R, O>): void {
  const status = new NodeStatus(node);
  const abort = new AbortController();
  let setupError: Error | null = null;
  const config = spec.configId ? (RED.nodes.getNode(spec.configId) as unknown as C | null) : null;
  try {
    spec.setup?.();
    if (!config || typeof config.getClient !== 'function') throw new NodeInputError(`${spec.nodeType}: no ${spec.systemName} connection; choose an ${spec.configType} node`, 'MLC_NO_CONFIG');
    status.set('idle', 'ready');
  } catch (err) {
    setupError = toError(err);
    status.set('error', setupError.message);
    node.error(setupError.message);
  }

  const writes = new BatchedWrites<R, O>(node, def, status, {
    nodeType: spec.nodeType,
    maxBatch: spec.maxBatch,
    concurrentBatches: spec.concurrentBatches,
    openWriter: () => spec.openWriter(config as C, abort.signal),
    failed: (request, err) => spec.failed(request, err),
  });

  const planSpec = spec.plan;
  const plans = new PlannedWrites<R, PlanResult>(node, status, {
    maxBatch: spec.maxBatch,
    concurrentBatches: spec.concurrentBatches,
    openPlanner: () => planSpec.openPlanner(config as C, abort.signal),
    failed: (_request, err) => planFailure(spec.failed(undefined, err), err),
  });

  const plan = (msg: MlcMessage, send: SendFn, done: DoneFn): void => {
    if (spec.pages && Array.isArray(msg.payload)) return planPage(spec.pages, msg, send, done);
    planOne(msg, (m) => spec.request(m), send, done);
  };

  /** One record planned: msg.plan set, out of output 1 (done when it is sent). */
  const planOne = (msg: MlcMessage, requestOf: (msg: MlcMessage) => R, send: SendFn, done: DoneFn): void => {
    const post: Record<string, unknown> = { payload: msg.payload };
    for (const name of planSpec.post ?? []) if (msg[name] !== undefined) post[name] = msg[name];
    let request: R;
    try {
      request = requestOf(msg);
    } catch (err) {
      plans.planned(planFailure(spec.failed(undefined, err), err), planSpec.target(undefined, msg), post, msg, send, done);
      return;
    }
    void plans.submit(request).then((result) => plans.planned(result, planSpec.target(request, msg), post, msg, send, done));
  };

  /**
   * A planned page leaves as one planned message per record, under the record's own key: msg.plan is
   * one record's plan for flows and for audit, and posting the plan writes each record as a single one.
   * A plan is read, not loaded, so the cost per message a page saves a load does not matter here.
   */
  const planPage = (pages: PageWrites<R, O>, page: MlcMessage, send: SendFn, done: DoneFn): void => {
    const records = page.payload as unknown[];
    if (records.length === 0) {
      send([page, null]);
      done();
      return;
    }
    const parts = pagePartsOf(page, records.length);
    const { payload: _payload, mlc: _mlc, ...rest } = page;
    let left = records.length;
    const recordDone = (): void => {
      if (--left === 0) done();
    };
    records.forEach((record, i) => {
      const msg = { ...rest, payload: record, mlc: recordEnvelopeOf(parts, i) } as MlcMessage;
      planOne(msg, () => pages.request(record, page), send, recordDone);
    });
  };

  const finish = (outcome: O, msg: MlcMessage, send: SendFn, done: DoneFn): void => {
    if (outcome.ok) {
      writes.written(spec.written(outcome as Extract<O, { ok: true }>, msg), msg, send, done);
      return;
    }
    const { message, code, status: httpStatus, transient } = (outcome as Extract<TargetOutcome, { ok: false }>).error;
    writes.failed(
      { message, code, ...(httpStatus !== undefined ? { status: httpStatus } : {}), ...(transient ? { transient } : {}) },
      () => new TargetWriteError(spec.errorName, message, code, httpStatus),
      msg,
      send,
      done,
    );
  };

  onSyncInput<MlcMessage>(node, status, (msg, send, done) => {
    if (setupError) throw setupError;
    if (writes.closing) throw new NodeInputError(`${spec.nodeType}: the node is stopping; the ${spec.noun} was not written`, 'MLC_NODE_CLOSING');
    if (isPlanned(msg.mlc, spec.planOnly === true)) return plan(msg, send, done);
    if (spec.pages && Array.isArray(msg.payload)) {
      writePage(node, writes, { nodeType: spec.nodeType, errorName: spec.errorName, pages: spec.pages, failed: (request, err) => spec.failed(request, err) }, msg, send, done);
      return;
    }
    enqueueWrite(writes, status, () => spec.request(msg), (err) => spec.failed(undefined, err), (outcome) => finish(outcome, msg, send, done), done);
  });

  onClose(node, async () => {
    await Promise.all([writes.close(), plans.close()]);
    abort.abort();
  });
}

/**
 * One message's write on the callback path: the request made from it (a message that makes none fails
 * as its own outcome), queued for its batch, and `finish` given the outcome; a throw while finishing
 * ends in done(err).
 */
export function enqueueWrite<R, O>(writes: BatchedWrites<R, O>, status: NodeStatus, makeRequest: () => R, failed: (err: unknown) => O, finish: (outcome: O) => void, done: DoneFn): void {
  let request: R;
  try {
    request = makeRequest();
  } catch (err) {
    finish(failed(err));
    return;
  }
  writes.enqueue(request, (outcome) => {
    try {
      finish(outcome);
    } catch (err) {
      failInput(status, done, err);
    }
  });
}

/** A record the planner could not plan: the write's own failure, as msg.plan's error. */
function planFailure(outcome: TargetOutcome, err: unknown): PlanResult {
  if (!outcome.ok) return { ok: false, error: { message: outcome.error.message, code: outcome.error.code } };
  return { ok: false, error: { message: toError(err).message, code: 'MLC_PLAN_FAILED' } };
}
