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

/** Node-RED shows a status text in full under the node; past this many characters it is cut. */
export const MAX_STATUS_TEXT = 40;

/** A status text, or what makes it: a node reporting every message builds the text only when it is shown. */
export type StatusText = string | (() => string);

export class NodeStatus {
  private lastProgressAt = 0;
  private pending: ReturnType<typeof setTimeout> | null = null;
  private pendingText: StatusText = '';

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

  /**
   * A progress update: shown at most once per interval; the last one is always shown. Updates that
   * come while one waits replace its text and keep its timer, so a node that reports every message
   * of a burst sets one timer an interval, not one a message.
   */
  progress(text: StatusText): void {
    this.pendingText = text;
    if (this.pending) return;
    const wait = this.lastProgressAt + this.minIntervalMs - Date.now();
    if (wait <= 0) {
      this.set('working', textOf(text));
      return;
    }
    this.pending = setTimeout(() => {
      this.pending = null;
      this.set('working', textOf(this.pendingText));
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

function textOf(text: StatusText): string {
  return typeof text === 'string' ? text : text();
}

/** "1 page", "2 pages", "0 pages"; `plural` for the irregular ones. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** The first text that fits the status in full; if none does, the last one, shortened. */
export function fit(...texts: [string, ...string[]]): string {
  return texts.find((text) => text.length <= MAX_STATUS_TEXT) ?? shorten(texts[texts.length - 1] as string);
}

const TRAILING_JOIN = /[\s,;:.(/_\-–—]+$/;

/**
 * Cuts a text to `max` characters with an ellipsis, at a word boundary: after a space, or else (for
 * one long identifier such as account.analytic.account.search_read) after a dot, slash, underscore,
 * hyphen or colon inside it, in the last half of the room; else at the last space before it. Only a
 * text with no space at all in the room and no separator in its last half is cut where the room
 * ends. Joining punctuation left before the ellipsis is dropped ("a, b…", not "a, b,…").
 */
export function shorten(text: string, max = MAX_STATUS_TEXT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const room = max - 1; // the ellipsis takes one
  const minimum = Math.ceil(room / 2);
  // A boundary at i means flat[0..i) is kept: before a space, or after a separator inside a token.
  let cut = -1;
  for (let i = room; i >= minimum && cut < 0; i--) if (flat[i] === ' ') cut = i;
  for (let i = room; i >= minimum && cut < 0; i--) if ('./_-:'.includes(flat[i - 1] as string) && flat[i] !== ' ') cut = i;
  if (cut < 0) {
    const space = flat.lastIndexOf(' ', room);
    cut = space > 0 ? space : room;
  }
  const kept = flat.slice(0, cut).replace(TRAILING_JOIN, '');
  return `${kept || flat.slice(0, room)}…`;
}
