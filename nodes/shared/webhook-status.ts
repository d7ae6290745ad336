// A webhook node's status and warnings. A bulk change sends thousands of events in a burst, and anyone
// who can reach the URL can send bad requests: status updates are throttled (the last one always
// shown) and rejection warnings are at most one a minute, with a count of the rest.
// Green: `3 events, last new hire, 1 dup, 401×2`; red ring right after a rejection, until the next event:
// `401×2: no Basic credentials`. Idle (grey) before the first request: `POST <path>`.
import { count, fit, type NodeStatus } from './status';
import { Throttle } from './throttle';

export interface WebhookCounts {
  events: number;
  duplicates: number;
  rejected: number;
  /** Rejections by HTTP status, e.g. {401: 2, 400: 1}. */
  byStatus: Map<number, number>;
}

const WARN_INTERVAL_MS = 60_000;

export class WebhookStatus {
  readonly counts: WebhookCounts = { events: 0, duplicates: 0, rejected: 0, byStatus: new Map() };
  private lastRejection: string | null = null;
  private lastEvent: string | null = null;
  private readonly throttle: Throttle;
  private lastWarnAt = 0;
  private unwarned = 0;

  constructor(
    private readonly status: NodeStatus,
    private readonly warn: (text: string) => void,
    minIntervalMs = 1000,
    private readonly nodeType = 'mlc-ukg-webhook',
  ) {
    this.throttle = new Throttle(() => this.show(), minIntervalMs);
  }

  /** Before the first request: which path is served. */
  listening(path: string): void {
    this.status.set('idle', `POST ${path}`);
  }

  /** `label` names the kind of event (e.g. `new hire`) when the node takes several kinds. */
  event(label?: string): void {
    this.counts.events++;
    this.lastEvent = label ?? null;
    this.lastRejection = null;
    this.throttle.request();
  }

  duplicate(): void {
    this.counts.duplicates++;
    this.throttle.request();
  }

  /** `problem` must not hold a secret (it never does: it names the header, not its value). */
  rejected(status: number, problem: string): void {
    this.counts.rejected++;
    this.counts.byStatus.set(status, (this.counts.byStatus.get(status) ?? 0) + 1);
    this.lastRejection = problem;
    this.throttle.request();
    const now = Date.now();
    if (now - this.lastWarnAt < WARN_INTERVAL_MS) {
      this.unwarned++;
      return;
    }
    const more = this.unwarned > 0 ? ` (${this.unwarned} more rejected since the last warning)` : '';
    this.lastWarnAt = now;
    this.unwarned = 0;
    this.warn(`${this.nodeType}: answered ${status}, ${problem}${more}`);
  }

  clear(): void {
    this.throttle.cancel();
    this.status.clear();
  }

  private show(): void {
    const { events, duplicates, byStatus } = this.counts;
    const rejections = [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([code, n]) => `${code}×${n}`)
      .join(' ');
    if (this.lastRejection !== null) {
      this.status.set('error', fit(`${rejections}: ${this.lastRejection}`, rejections));
      return;
    }
    const seen = count(events, 'event');
    const last = this.lastEvent ? `, last ${this.lastEvent}` : '';
    const dup = duplicates > 0 ? `, ${duplicates} dup` : '';
    const refused = rejections ? `, ${rejections}` : '';
    this.status.set('ok', fit(`${seen}${last}${dup}${refused}`, `${seen}${last}${refused}`, `${seen}${refused}`, seen));
  }
}
