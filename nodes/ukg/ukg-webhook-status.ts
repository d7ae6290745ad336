// The webhook node's status and warnings. A bulk change in UKG sends thousands of events in a burst,
// and anyone who can reach the URL can send bad requests: status updates are throttled (the last
// one always shown) and rejection warnings are at most one a minute, with a count of the rest.
import { count, type NodeStatus } from '../shared/status';
import { Throttle } from '../shared/throttle';

export interface WebhookCounts {
  events: number;
  duplicates: number;
  rejected: number;
}

const WARN_INTERVAL_MS = 60_000;

export class WebhookStatus {
  readonly counts: WebhookCounts = { events: 0, duplicates: 0, rejected: 0 };
  private lastRejection: string | null = null;
  private readonly throttle: Throttle;
  private lastWarnAt = 0;
  private unwarned = 0;

  constructor(
    private readonly status: NodeStatus,
    private readonly warn: (text: string) => void,
    minIntervalMs = 1000,
  ) {
    this.throttle = new Throttle(() => this.show(), minIntervalMs);
  }

  event(): void {
    this.counts.events++;
    this.lastRejection = null;
    this.throttle.request();
  }

  duplicate(): void {
    this.counts.duplicates++;
    this.throttle.request();
  }

  /** `problem` must not hold the secret (it never does: it names the header, not its value). */
  rejected(status: number, problem: string): void {
    this.counts.rejected++;
    this.lastRejection = `${status}: ${problem}`;
    this.throttle.request();
    const now = Date.now();
    if (now - this.lastWarnAt < WARN_INTERVAL_MS) {
      this.unwarned++;
      return;
    }
    const more = this.unwarned > 0 ? ` (${this.unwarned} more rejected since the last warning)` : '';
    this.lastWarnAt = now;
    this.unwarned = 0;
    this.warn(`mlc-ukg-webhook: answered ${status}, ${problem}${more}`);
  }

  clear(): void {
    this.throttle.cancel();
    this.status.clear();
  }

  private show(): void {
    const { events, duplicates, rejected } = this.counts;
    if (this.lastRejection) {
      this.status.set('error', `rejected ${this.lastRejection}`);
      return;
    }
    const extra = [duplicates > 0 ? `${duplicates} dup` : '', rejected > 0 ? `${rejected} rejected` : ''].filter(Boolean).join(', ');
    this.status.set('ok', `${count(events, 'event')}${extra ? `, ${extra}` : ''}`);
  }
}
