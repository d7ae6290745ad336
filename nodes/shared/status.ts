// One vocabulary for node status, as the core nodes use it: blue dot working, green dot done,
// yellow ring waiting, red ring error, grey ring idle. Status text reaches every open editor over
// the comms websocket, so updates are throttled: a progress update at most once a second.
import type { Node } from 'node-red';

export type StatusKind = 'working' | 'ok' | 'waiting' | 'error' | 'idle';

const LOOK: Record<StatusKind, { fill: 'blue' | 'green' | 'yellow' | 'red' | 'grey'; shape: 'dot' | 'ring' }> = {
  working: { fill: 'blue', shape: 'dot' },
  ok: { fill: 'green', shape: 'dot' },
  waiting: { fill: 'yellow', shape: 'ring' },
  error: { fill: 'red', shape: 'ring' },
  idle: { fill: 'grey', shape: 'ring' },
};

const MAX_TEXT = 40;

export class NodeStatus {
  private lastProgressAt = 0;
  private pending: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly node: Pick<Node, 'status'>,
    private readonly minIntervalMs = 1000,
  ) {}

  /** Sets the status now (state changes are never throttled). */
  set(kind: StatusKind, text: string): void {
    this.cancelPending();
    this.lastProgressAt = Date.now();
    this.node.status({ ...LOOK[kind], text: shorten(text) });
  }

  /** A progress update: shown at most once per interval; the last one is always shown. */
  progress(text: string): void {
    const now = Date.now();
    const wait = this.lastProgressAt + this.minIntervalMs - now;
    if (wait <= 0) {
      this.set('working', text);
      return;
    }
    this.cancelPending();
    this.pending = setTimeout(() => {
      this.pending = null;
      this.set('working', text);
    }, wait);
    this.pending.unref?.();
  }

  clear(): void {
    this.cancelPending();
    this.node.status({});
  }

  private cancelPending(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
  }
}

function shorten(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}
