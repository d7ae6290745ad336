import type { RecordRef } from '../envelope';
import type { Store } from '../store/types';
import { SeenWindow } from '../util/seen-window';
import type { WebhookEvent } from './webhook';
import { eventKey } from './webhook-delivery';

/**
 * Which webhook events were already let into the flow. UKG delivers at least once, so the same EventId
 * comes again; memory catches that within the window, and a store (when there is one) also after a
 * restart. The store claim is the same one dedup makes, so two Node-RED instances behind one URL
 * emit an event once between them.
 */
export type Admission =
  /** With storeError the store failed and the event is let through: a duplicate downstream beats a lost event. */
  | { outcome: 'new'; key: string; remembered: boolean; storeError?: Error }
  | { outcome: 'duplicate'; key: string };

export interface WebhookMemoryOptions {
  windowMs: number;
  maxEntries: number;
  store: (() => Promise<Store>) | null;
  /** Unique per node instance (see claimOwner). */
  owner: string;
  /** What the store records as the event's target: the node that emitted it. */
  target: RecordRef;
}

export class WebhookMemory {
  private readonly window: SeenWindow;

  constructor(private readonly options: WebhookMemoryOptions) {
    this.window = new SeenWindow({ windowMs: options.windowMs, maxEntries: options.maxEntries });
  }

  /** Synchronous first step: a second copy arriving while the first one's claim is in flight is caught here. */
  seenRecently(event: WebhookEvent): boolean {
    return this.window.checkAndRemember(eventKey(event));
  }

  async admit(event: WebhookEvent): Promise<Admission> {
    const key = eventKey(event);
    if (!this.options.store) return { outcome: 'new', key, remembered: false };
    try {
      const store = await this.options.store();
      const result = await store.claim({ key, owner: this.options.owner, source: { system: 'ukg', entity: 'webhook-event', id: String(event.EventId) } });
      return result.outcome === 'claimed' ? { outcome: 'new', key, remembered: true } : { outcome: 'duplicate', key };
    } catch (err) {
      return { outcome: 'new', key, remembered: false, storeError: err instanceof Error ? err : new Error(String(err)) };
    }
  }

  /** After the event went into the flow: posted, so later claims of its key are duplicates for good. */
  async emitted(key: string): Promise<void> {
    if (!this.options.store) return;
    const store = await this.options.store();
    await store.markPosted({ key, target: this.options.target });
  }
}
