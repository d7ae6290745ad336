import { createHmac } from 'node:crypto';
import type { SandboxClock } from '../kit';
import { DEMO_TENANT } from './accounts';
import { ukgDateTime } from './wire/dates';

/**
 * UKG Webhooks, sender side: thin events POSTed to subscribers. The notes confirm HMAC but not the
 * header, so this is the sandbox's choice: `X-UKG-Signature: sha256=<hex HMAC-SHA256 of the raw body,
 * keyed with the subscription secret>`. No timestamp is signed. A non-2xx answer or a network error is
 * retried after each of `retryDelaysMs`; every message stays in a log, like the Premium message history.
 */
export const SIGNATURE_HEADER = 'x-ukg-signature';

export type Operation = 'Insert' | 'Update' | 'Delete';

export interface ThinEvent {
  EventId: number;
  EventTime: string;
  EventType: string;
  Operation: Operation;
  Payload: { CoId: string; EeId: string; IntegrationRecordId: string | null };
  Tenant: string;
}

export type EventInput = Pick<ThinEvent, 'EventType' | 'Operation'> & {
  Payload: { CoId: string; EeId: string; IntegrationRecordId?: string | null };
} & Partial<Pick<ThinEvent, 'EventId' | 'EventTime' | 'Tenant'>>;

export interface EmitOptions {
  /** Deliver the same message twice (same EventId and body), as at-least-once delivery may. */
  duplicate?: boolean;
  /** Log the message but never send it, so a consumer has to recover it from the history. */
  drop?: boolean;
}

export interface WebhookSubscription {
  id: string;
  url: string;
  secret: string;
  /** EventType names; all events when absent. */
  events?: string[];
}

export interface DeliveryAttempt {
  copy: number;
  attempt: number;
  at: string;
  status?: number;
  error?: string;
}

export interface WebhookMessage {
  messageId: number;
  subscriptionId: string;
  event: ThinEvent;
  body: string;
  signature: string;
  status: 'pending' | 'delivered' | 'failed' | 'dropped';
  copies: number;
  attempts: DeliveryAttempt[];
}

export interface WebhookSenderOptions {
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
}

const FIRST_EVENT_ID = 459_470_001;

export class WebhookSender {
  private subscriptionList: WebhookSubscription[] = [];
  private log: WebhookMessage[] = [];
  private inFlight = new Set<Promise<void>>();
  /** Back-off timers and how to wake their delivery early (on reset, which then gives up). */
  private timers = new Map<NodeJS.Timeout, () => void>();
  private nextEventId = FIRST_EVENT_ID;
  private nextSubscription = 1;
  private nextMessage = 1;
  /** Bumped by reset, so deliveries still retrying for a forgotten subscriber give up. */
  private generation = 0;
  private readonly retryDelaysMs: readonly number[];
  private readonly timeoutMs: number;

  constructor(
    private readonly clock: () => SandboxClock,
    options: WebhookSenderOptions = {},
  ) {
    this.retryDelaysMs = options.retryDelaysMs ?? [250, 500, 1000];
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  subscribe(input: { url: string; secret: string; events?: string[] }): WebhookSubscription {
    const subscription: WebhookSubscription = { id: `sub-${this.nextSubscription++}`, url: input.url, secret: input.secret, ...(input.events ? { events: [...input.events] } : {}) };
    this.subscriptionList.push(subscription);
    return { ...subscription };
  }

  unsubscribe(id: string): boolean {
    const before = this.subscriptionList.length;
    this.subscriptionList = this.subscriptionList.filter((subscription) => subscription.id !== id);
    return this.subscriptionList.length < before;
  }

  subscriptions(): WebhookSubscription[] {
    return this.subscriptionList.map((subscription) => ({ ...subscription }));
  }

  /** Completes the event (id, time, tenant), logs one message per matching subscriber and delivers them; resolves when delivery has finished. */
  emit(input: EventInput, options: EmitOptions = {}): Promise<WebhookMessage[]> {
    const event: ThinEvent = {
      EventId: input.EventId ?? this.nextEventId++,
      EventTime: input.EventTime ?? ukgDateTime(this.clock().nowMs()),
      EventType: input.EventType,
      Operation: input.Operation,
      Payload: { CoId: input.Payload.CoId, EeId: input.Payload.EeId, IntegrationRecordId: input.Payload.IntegrationRecordId ?? null },
      Tenant: input.Tenant ?? DEMO_TENANT,
    };
    const body = JSON.stringify(event);
    const messages = this.subscriptionList
      .filter((subscription) => subscription.events === undefined || subscription.events.includes(event.EventType))
      .map((subscription): { message: WebhookMessage; subscription: WebhookSubscription } => ({
        subscription,
        message: {
          messageId: this.nextMessage++,
          subscriptionId: subscription.id,
          event,
          body,
          signature: sign(subscription.secret, body),
          status: options.drop ? 'dropped' : 'pending',
          copies: options.drop ? 0 : options.duplicate ? 2 : 1,
          attempts: [],
        },
      }));
    this.log.push(...messages.map(({ message }) => message));
    const generation = this.generation;
    const deliveries = messages
      .filter(({ message }) => message.status === 'pending')
      .map(({ message, subscription }) => this.track(this.deliver(message, subscription, generation)));
    return Promise.all(deliveries).then(() => messages.map(({ message }) => structuredClone(message)));
  }

  /** The message history, oldest first (copies). */
  messages(filter: { subscriptionId?: string; eventType?: string; status?: WebhookMessage['status'] } = {}): WebhookMessage[] {
    return this.log
      .filter((message) => (filter.subscriptionId === undefined || message.subscriptionId === filter.subscriptionId) && (filter.eventType === undefined || message.event.EventType === filter.eventType) && (filter.status === undefined || message.status === filter.status))
      .map((message) => structuredClone(message));
  }

  /** Resolves when no delivery is in flight (events emitted by the employee control methods included). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  reset(): void {
    this.generation += 1;
    for (const [timer, wake] of this.timers) {
      clearTimeout(timer);
      wake();
    }
    this.timers.clear();
    this.inFlight.clear();
    this.subscriptionList = [];
    this.log = [];
    this.nextEventId = FIRST_EVENT_ID;
    this.nextSubscription = 1;
    this.nextMessage = 1;
  }

  private track(delivery: Promise<void>): Promise<void> {
    const tracked = delivery.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return tracked;
  }

  private async deliver(message: WebhookMessage, subscription: WebhookSubscription, generation: number): Promise<void> {
    let delivered = true;
    for (let copy = 1; copy <= message.copies; copy += 1) {
      delivered = (await this.deliverCopy(message, subscription, copy, generation)) && delivered;
      if (generation !== this.generation) return;
    }
    message.status = delivered ? 'delivered' : 'failed';
  }

  private async deliverCopy(message: WebhookMessage, subscription: WebhookSubscription, copy: number, generation: number): Promise<boolean> {
    for (let attempt = 1; attempt <= this.retryDelaysMs.length + 1; attempt += 1) {
      if (generation !== this.generation) return false;
      const record: DeliveryAttempt = { copy, attempt, at: ukgDateTime(this.clock().nowMs()) };
      message.attempts.push(record);
      try {
        const response = await fetch(subscription.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: message.signature,
            'x-ukg-event-id': String(message.event.EventId),
            'x-ukg-event-type': message.event.EventType,
            'user-agent': 'mlc-sandbox-ukg-webhooks',
          },
          body: message.body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        record.status = response.status;
        await response.body?.cancel();
        if (response.ok) return true;
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
      const delay = this.retryDelaysMs[attempt - 1];
      if (delay !== undefined) await this.sleep(delay);
    }
    return false;
  }

  /** Real time, not the sandbox clock: a test may freeze the clock while deliveries back off. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }
}

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
