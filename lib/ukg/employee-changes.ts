import type { UkgClient } from './client';
import { employeeChangeSchema, parseRecords, type EmployeeChangeRecord } from './records';

export interface ChangeWindow {
  /** ISO instants; the window is [start, end). */
  start: string;
  end: string;
}

/** UKG asks integrations to call employee-changes no more often than every three hours. */
export const DEFAULT_MIN_WINDOW_MS = 3 * 3600_000;

/**
 * The next window of the delta feed: from the end of the last one (kept in the store) to now. UKG's
 * own "since the last call" state is per service account, so another integration on the same account
 * would move it; explicit startDate/endDate make the window ours.
 */
export function nextWindow(lastEnd: string | null, nowMs: number, options: { minWindowMs?: number; firstWindowMs?: number } = {}): ChangeWindow | { waitUntil: string } {
  const minWindow = options.minWindowMs ?? DEFAULT_MIN_WINDOW_MS;
  const start = lastEnd ?? new Date(nowMs - (options.firstWindowMs ?? 24 * 3600_000)).toISOString();
  const startMs = Date.parse(start);
  if (nowMs - startMs < minWindow) return { waitUntil: new Date(startMs + minWindow).toISOString() };
  return { start, end: new Date(nowMs).toISOString() };
}

/** Changed employees in a window: `GET /personnel/v1/employee-changes?startDate&endDate` (per_page ≤ 200). */
export async function* readEmployeeChanges(client: UkgClient, window: ChangeWindow, signal?: AbortSignal): AsyncGenerator<EmployeeChangeRecord[]> {
  const pageSize = Math.min(200, client.settings.pageSize);
  for await (const rows of client.pages<unknown>('/personnel/v1/employee-changes', { startDate: window.start, endDate: window.end }, { pageSizeParam: 'per_page', pageSize, ...(signal ? { signal } : {}) })) {
    yield parseRecords(employeeChangeSchema, rows, 'employee-changes record');
  }
}
