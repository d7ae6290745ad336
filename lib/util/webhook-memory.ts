import type { RecordRef } from '../envelope';
import type { ClaimRequest, ClaimResult, PostedReport, Store } from '../store/types';
import { MicroBatcher } from './micro-batcher';
import { SeenWindow } from './seen-window';

/**
 * Which webhook events were already let into the flow, by a key the caller derives from the event (UKG's
 * EventId, a hash of what Paylocity sent). Senders deliver at least once, so the same event comes again;
 * memory catches that within the window, and a store (when there is one) also after a restart. The
 * store claim is the same one dedup makes, so two Node-RED instances behind one URL emit an event once
 * between them. Keys must be of their own namespace (`<system>:webhook:...`), never a key a flow's
 * dedup claims: the claim here is marked posted as soon as the event is emitted.
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
  /** A burst of deliveries makes a few claim transactions, not one per event. */
  private claims: MicroBatcher<ClaimRequest, ClaimResult> | null = null;
  /** And a few marks: a transaction per event was most of the store's cost (its commit, above all). */
  private marks: MicroBatcher<PostedReport, void> | null = null;

  constructor(private readonly options: WebhookMemoryOptions) {
    this.window = new SeenWindow({ windowMs: options.windowMs, maxEntries: options.maxEntries });
  }

  /** Synchronous first step: a second copy arriving while the first one's claim is in flight is caught here. */
  seenRecently(key: string): boolean {
    return this.window.checkAndRemember(key);
  }

  /** `source` names the event in the store (what the claim's row shows). */
  async admit(key: string, source: RecordRef): Promise<Admission> {
    if (!this.options.store) return { outcome: 'new', key, remembered: false };
    try {
      const store = await this.options.store();
      this.claims ??= new MicroBatcher((requests) => store.claimMany(requests));
      const result = await this.claims.submit({ key, owner: this.options.owner, source });
      return result.outcome === 'claimed' ? { outcome: 'new', key, remembered: true } : { outcome: 'duplicate', key };
    } catch (err) {
      return { outcome: 'new', key, remembered: false, storeError: err instanceof Error ? err : new Error(String(err)) };
    }
  }

  /**
   * After the event went into the flow: posted, so later claims of its key are duplicates for good.
   * Batched with the marks of the same turn. On a redeploy the store closes beside this node, so the
   * caller keeps the store open until this settles (webhook-endpoint hands it to the store node).
   */
  async emitted(key: string): Promise<void> {
    if (!this.options.store) return;
    const store = await this.options.store();
    this.marks ??= new MicroBatcher<PostedReport, void>(async (reports) => {
      await store.markPostedMany(reports);
      return reports.map((): void => undefined);
    });
    await this.marks.submit({ key, target: this.options.target });
  }
}
