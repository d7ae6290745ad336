// A sandbox in a worker thread, as a remote system would run beside the client: its own CPU (routing,
// JSON, paging) is not charged to the client's event loop. The worker answers each request with one
// message of a known kind; this side waits for that kind, in order.
import { Worker } from 'node:worker_threads';

export class SimWorker<Answer extends { kind: string }, Request extends { kind: string }> {
  private readonly worker: Worker;
  private waiting: Array<{ answer: (answer: Answer) => void; fail: (err: unknown) => void }> = [];

  /** `file`: the worker's compiled script; `closeRequest`: what asks it to close its sandbox. */
  constructor(
    file: string,
    data: unknown,
    private readonly closeRequest: Request,
  ) {
    this.worker = new Worker(file, { workerData: data });
    this.worker.on('message', (answer: Answer) => this.waiting.shift()?.answer(answer));
    // One listener for the worker's life: a listener per request would pile up over a long bench.
    this.worker.on('error', (err) => {
      for (const waiter of this.waiting.splice(0)) waiter.fail(err);
    });
    this.worker.on('exit', (code) => {
      for (const waiter of this.waiting.splice(0)) waiter.fail(new Error(`simulator worker exited (code ${code}) before it answered`));
    });
  }

  next<K extends Answer['kind']>(kind: K, request?: Request): Promise<Extract<Answer, { kind: K }>> {
    return new Promise((resolve, reject) => {
      this.waiting.push({
        answer: (answer) => (answer.kind === kind ? resolve(answer as Extract<Answer, { kind: K }>) : reject(new Error(`simulator worker answered ${answer.kind}, not ${kind}`))),
        fail: reject,
      });
      if (request) this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await this.next('closed' as Answer['kind'], this.closeRequest).catch(() => undefined);
    await this.worker.terminate();
  }
}
