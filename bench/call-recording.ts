// node-red-node-test-helper records every call of send, status, log and RED.log.log with sinon spies.
// Each message raises about three metric events per node, all through that recording, so a bench that
// left it on would measure sinon. Shared by the benches that run real nodes in the helper.
import helper from 'node-red-node-test-helper';
import type { NodeAPI } from 'node-red';

/** RED.log as the runtime hands it to nodes: the object whose log method the helper spies on. */
let runtimeLog: object | null = null;

/** Load this beside the nodes (helper.load([..., runtimeLogProbe])) so the runtime's log object is known. */
export function runtimeLogProbe(RED: NodeAPI): void {
  runtimeLog = RED.log;
}

interface SinonWrapped {
  isSinonProxy?: unknown;
  wrappedMethod?: unknown;
  restore?: unknown;
}

/** The function a sinon spy wraps, or null when `value` is no spy. */
function unwrapped(value: unknown): ((...args: unknown[]) => unknown) | null {
  if (typeof value !== 'function') return null;
  const wrapped = value as SinonWrapped;
  return wrapped.isSinonProxy === true && typeof wrapped.wrappedMethod === 'function'
    ? (wrapped.wrappedMethod as (...args: unknown[]) => unknown)
    : null;
}

/**
 * Puts back the original methods where the helper's spies are: RED.log.log (the spy's own restore
 * reaches the runtime's log object; the node API holds a copy of it), Node.prototype, and each node,
 * since Node-RED copies send onto every node it creates. helper.unload() restores its sandbox as
 * usual afterwards. Refuses to go on if calls are still recorded, rather than measure sinon.
 */
export function takeOffCallRecording(nodes: object[], bench: string): void {
  const holders = new Set<object>(runtimeLog ? [runtimeLog] : []);
  for (const node of nodes) {
    for (let o: object | null = node; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) holders.add(o);
  }
  for (const holder of holders) {
    const record = holder as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(holder)) {
      const spy: unknown = Object.getOwnPropertyDescriptor(holder, name)?.value;
      const original = unwrapped(spy);
      if (!original) continue;
      const restore = (spy as SinonWrapped).restore;
      if (typeof restore === 'function') restore.call(spy);
      record[name] = original;
    }
  }
  const left = nodes.flatMap((node) =>
    ['send', 'status', 'log', 'warn', 'error', 'metric'].filter((m) => unwrapped((node as Record<string, unknown>)[m]) !== null),
  );
  // A metric event goes through the runtime's own log object, which the bench cannot name: it must no longer reach the spy.
  const logged = helper.log().args.length;
  const probe = nodes[0] as { metric?: (event: string, msg: { _msgid: string }) => void } | undefined;
  probe?.metric?.('bench-probe', { _msgid: 'bench-probe' });
  if (left.length > 0 || !probe?.metric || helper.log().args.length !== logged) {
    throw new Error(`${bench} bench: could not take the test helper's spies off (${left.join(', ') || 'RED.log.log'}); the numbers would measure sinon`);
  }
}

