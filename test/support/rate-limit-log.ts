// Reads a sandbox request log for how a client behaved under a rate limit, without timing slack.
// Causality comes from two things the log knows for sure: a client that does not pipeline sends the
// next request on a connection only after it has read the last answer there, and a fixed window's
// 429s can only come from requests the client had in flight when it learned of the first one.
import type { RequestLogEntry } from '../../sandbox/kit';

/** Epoch ms the answer was finished: arrival plus the logged duration (rounded to 0.1 ms, so taken down by its rounding). */
export function answeredAtMs(entry: RequestLogEntry): number {
  return Date.parse(entry.at) + Math.max(0, Math.floor((entry.durationMs ?? 0) - 0.05));
}

/**
 * For each 429, the next request on the same connection: it was sent after the client read the 429,
 * so it must arrive no earlier than the 429's answer plus its Retry-After. Returns the breaches.
 */
export function sentDuringWaitOnSameConnection(log: RequestLogEntry[]): string[] {
  const breaches: string[] = [];
  const byConnection = new Map<number, RequestLogEntry[]>();
  for (const entry of [...log].sort((a, b) => a.seq - b.seq)) {
    if (entry.connection === undefined) throw new Error(`request #${entry.seq} has no connection in the log`);
    byConnection.set(entry.connection, [...(byConnection.get(entry.connection) ?? []), entry]);
  }
  for (const entries of byConnection.values()) {
    entries.forEach((entry, i) => {
      const next = entries[i + 1];
      if (entry.status !== 429 || !next) return;
      const retryAfterMs = Number(entry.tags['retryAfter']) * 1000;
      if (!(retryAfterMs >= 1000)) return void breaches.push(`429 #${entry.seq} has no Retry-After tag`);
      const opens = answeredAtMs(entry) + retryAfterMs;
      if (Date.parse(next.at) < opens) breaches.push(`#${next.seq} came ${opens - Date.parse(next.at)} ms before the Retry-After of 429 #${entry.seq} (connection ${String(entry.connection)}) was over`);
    });
  }
  return breaches;
}

/**
 * 429s per window (told apart by the reset they named). The gate closes on the first 429 the client
 * reads, and what it sends later waits for the Retry-After, which reaches the reset; so every 429 of a
 * window was in flight when the client read its first one: at most `concurrency` of them.
 */
export function refusedPerWindow(log: RequestLogEntry[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of log) {
    if (entry.status !== 429) continue;
    const reset = Number(entry.tags['rateLimitReset']);
    out.set(reset, (out.get(reset) ?? 0) + 1);
  }
  return out;
}

/**
 * The most requests the server had open at once: at each arrival, those that had arrived and were not
 * yet answered. Both times are taken down to the millisecond, so a request that came right after
 * another's answer is never counted with it.
 */
export function mostInFlight(log: RequestLogEntry[]): number {
  const starts = log.map((e) => Date.parse(e.at)).sort((a, b) => a - b);
  const ends = log.map(answeredAtMs).sort((a, b) => a - b);
  let most = 0;
  let ended = 0;
  for (let i = 0; i < starts.length; i++) {
    const at = starts[i] as number;
    if (starts[i + 1] === at) continue;
    while (ended < ends.length && (ends[ended] as number) <= at) ended++;
    most = Math.max(most, i + 1 - ended);
  }
  return most;
}
