import type { EmployeeChange } from './model';

/** The feed's window never reaches back less than this: "since the last API call (3 hour minimum)". */
export const MINIMUM_WINDOW_MS = 3 * 3_600_000;

interface AccountWindow {
  startMs: number;
  endMs: number;
}

/**
 * `employee-changes` without dates is stateful per service account. A call for page 1 (or no page)
 * opens a new window: from the end of that account's previous window, or 3 hours back if that is
 * earlier (and 3 hours back on the account's first call), up to now. Later pages reuse the open
 * window, so a client can page through one window. Calls with explicit dates do not move the window.
 */
export class ChangesFeed {
  private windows = new Map<string, AccountWindow>();

  window(account: string, nowMs: number, page: number): AccountWindow {
    const previous = this.windows.get(account);
    if (page > 1 && previous) return previous;
    const floor = nowMs - MINIMUM_WINDOW_MS;
    const next = { startMs: Math.min(previous?.endMs ?? floor, floor), endMs: nowMs };
    this.windows.set(account, next);
    return next;
  }

  reset(): void {
    this.windows.clear();
  }

  /** The open window per service account, for the sandbox's data file. */
  snapshot(): [string, AccountWindow][] {
    return [...this.windows];
  }

  restore(windows: [string, AccountWindow][]): void {
    this.windows = new Map(windows);
  }
}

/** Employees changed in `(startMs, endMs]` (consecutive windows never share an instant), once each, in the order of their latest change there. */
export function changedEmployeeIds(changes: readonly EmployeeChange[], startMs: number, endMs: number): string[] {
  const latest = new Map<string, number>();
  for (const change of changes) {
    if (change.atMs <= startMs || change.atMs > endMs) continue;
    latest.set(change.employeeId, Math.max(latest.get(change.employeeId) ?? -Infinity, change.atMs));
  }
  return [...latest.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([employeeId]) => employeeId);
}
