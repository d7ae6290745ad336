// What the write nodes do with each message, whatever the target: the messages that arrive together
// go out in one batch (a bounded number of batches in flight), the status counts the outcomes, a
// failed record leaves by output 2 when it is wired, and close waits for the writes in flight.
import type { Node, NodeDef } from 'node-red';
import { ConcurrencyGate } from '../../lib/util/concurrency-gate';
import { MicroBatcher } from '../../lib/util/micro-batcher';
import type { NodeStatus } from './status';
import type { DoneFn, MlcMessage, SendFn } from './types';
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
  private readonly pending = new Set<Promise<O>>();
  private readonly errorOutputWired: boolean;
  private inflight = 0;
  private stopping = false;

  constructor(
    private readonly node: Node,
    def: NodeDef,
    status: NodeStatus,
    private readonly options: BatchedWritesOptions<R, O>,
  ) {
    this.shown = new WriteStatus(status, () => this.inflight > 0);
    const wires = (def as NodeDef & { wires?: unknown[][] }).wires;
    this.errorOutputWired = Array.isArray(wires?.[1]) && wires[1].length > 0;
    const gate = new ConcurrencyGate(options.concurrentBatches);
    let writer: BatchWriter<R, O> | null = null;
    this.batcher = new MicroBatcher<R, O>(
      (requests) =>
        gate.run(() => {
          writer ??= options.openWriter();
          return writer.writeBatch(requests);
        }),
      { maxBatch: options.maxBatch },
    );
  }

  /** True once close began: a message that arrives now is refused, as nothing would wait for its write. */
  get closing(): boolean {
    return this.stopping;
  }

  /** Queues the request for the next batch; its promise never rejects, a failed batch gives `failed` outcomes. */
  submit(request: R): Promise<O> {
    this.inflight++;
    const outcome = this.batcher
      .submit(request)
      .catch((err: unknown) => this.options.failed(request, err))
      .finally(() => {
        this.inflight--;
        this.pending.delete(outcome);
      });
    this.pending.add(outcome);
    return outcome;
  }

  /** A record written: counted, and on output 1. */
  written(created: boolean, msg: MlcMessage, send: SendFn, done: DoneFn): void {
    if (created) this.shown.counts.created++;
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
    this.shown.counts.failed++;
    this.shown.update();
    const { node } = this;
    msg.error = { ...details, source: { type: this.options.nodeType, id: node.id, ...(node.name ? { name: node.name } : {}) } };
    if (this.errorOutputWired) {
      send([null, msg]);
      done();
    } else done(asError());
  }

  /** Waits for the writes in flight (onClose bounds the wait within Node-RED's close timeout). */
  async close(): Promise<void> {
    this.stopping = true;
    // Queued messages are flushed on the next turn of the event loop; they are in `pending` already.
    await Promise.allSettled([...this.pending]);
    this.shown.clear();
  }
}
