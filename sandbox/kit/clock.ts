/**
 * The simulator's notion of "now". Token expiry, `write_date`, quota windows and delta cursors all read
 * this clock, so a test can jump an hour ahead instead of waiting an hour.
 *
 * Real time by default. `set` pins the clock to an instant (frozen, or running on from there);
 * `advance` moves it forward in either mode.
 */
export type ClockMode = 'real' | 'fixed';

export interface ClockState {
  now: string;
  mode: ClockMode;
}

export class SandboxClock {
  /** Pinned instant when frozen; null when the clock follows real time (plus `offsetMs`). */
  private frozenAtMs: number | null = null;
  private offsetMs = 0;

  nowMs(): number {
    return this.frozenAtMs ?? Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  /** Whole Unix seconds, the unit of `X-Rate-Limit-Reset` and JWT-style expiries. */
  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  get mode(): ClockMode {
    return this.frozenAtMs === null ? 'real' : 'fixed';
  }

  /** Pin the clock to `at`. With `running: true` time keeps flowing from that instant. */
  set(at: Date | string | number, options: { running?: boolean } = {}): void {
    const atMs = toMs(at);
    if (options.running) {
      this.frozenAtMs = null;
      this.offsetMs = atMs - Date.now();
    } else {
      this.frozenAtMs = atMs;
    }
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`clock advance must be a finite number of ms, got ${ms}`);
    if (this.frozenAtMs === null) this.offsetMs += ms;
    else this.frozenAtMs += ms;
  }

  useRealTime(): void {
    this.frozenAtMs = null;
    this.offsetMs = 0;
  }

  state(): ClockState {
    return { now: this.nowIso(), mode: this.mode };
  }
}

function toMs(at: Date | string | number): number {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(at)}`);
  return ms;
}
