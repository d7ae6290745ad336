/**
 * Time as the engine sees it. Odoo stamps `create_date`/`write_date` with the transaction's start time
 * at second precision, in UTC, as 'YYYY-MM-DD HH:MM:SS'. The clock is injectable so the sandbox kit's
 * clock (anything with `nowMs()`) can drive it and tests can pin it.
 */

export interface EngineClock {
  nowMs(): number;
}

export const realClock: EngineClock = { nowMs: () => Date.now() };

/** A clock frozen at one instant that tests and the control layer move explicitly. */
export class PinnedClock implements EngineClock {
  private atMs: number;

  constructor(at: Date | string | number) {
    this.atMs = instantToMs(at);
  }

  nowMs(): number {
    return this.atMs;
  }

  set(at: Date | string | number): void {
    this.atMs = instantToMs(at);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`clock advance must be a finite number of ms, got ${ms}`);
    this.atMs += ms;
  }
}

/** Accepts ISO strings and Odoo's own 'YYYY-MM-DD HH:MM:SS' (read as UTC). */
export function instantToMs(at: Date | string | number): number {
  let ms: number;
  if (at instanceof Date) ms = at.getTime();
  else if (typeof at === 'number') ms = at;
  else ms = Date.parse(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(at) ? `${at.replace(' ', 'T')}Z` : at);
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(at)}`);
  return ms;
}

export function formatDatetime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
