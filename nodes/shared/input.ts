// Every input handler goes through here: a rejected promise (or a throw in a callback) would otherwise
// escape Node-RED's try/catch and could crash the runtime; this turns it into done(err), which Catch
// nodes see, with the error in the node's status.
import type { Node, NodeMessage } from 'node-red';
import type { DoneFn, SendFn } from './types';
import type { NodeStatus } from './status';
import { toError } from './errors';

export type AsyncInputHandler<M extends NodeMessage> = (msg: M, send: SendFn, done: DoneFn) => Promise<void>;

export function onInput<M extends NodeMessage>(node: Node, status: NodeStatus, handler: AsyncInputHandler<M>): void {
  // Three declared parameters: Node-RED tracks completion (Complete nodes) only for handlers of arity 3.
  node.on('input', (msg: NodeMessage, send: SendFn, done: DoneFn) => {
    handler(msg as M, send, done).catch((err: unknown) => failInput(status, done, err));
  });
}

/**
 * A handler that does its work synchronously and hands the rest to callbacks (the write nodes' batches):
 * no promise and async frame per message, which a large load would keep until each batch is written.
 */
export function onSyncInput<M extends NodeMessage>(node: Node, status: NodeStatus, handler: (msg: M, send: SendFn, done: DoneFn) => void): void {
  node.on('input', (msg: NodeMessage, send: SendFn, done: DoneFn) => {
    try {
      handler(msg as M, send, done);
    } catch (err) {
      failInput(status, done, err);
    }
  });
}

/** A message's handling failed: the error in the status and in done(err), where Catch nodes see it. */
export function failInput(status: NodeStatus, done: DoneFn, err: unknown): void {
  const error = toError(err);
  status.set('error', error.message);
  done(error);
}

/** Runs async cleanup in a close handler and always calls done, within Node-RED's close timeout. */
export function onClose(node: Node, cleanup: (removed: boolean) => Promise<void> | void, timeoutMs = 10_000): void {
  node.on('close', (removed: boolean, done: () => void) => {
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      done();
    };
    const timer = setTimeout(() => {
      node.warn(`cleanup did not finish within ${timeoutMs} ms`);
      finish();
    }, timeoutMs);
    Promise.resolve()
      .then(() => cleanup(removed))
      .catch((err: unknown) => node.error(`cleanup failed: ${toError(err).message}`))
      .finally(finish);
  });
}
