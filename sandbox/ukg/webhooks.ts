import { createHmac } from 'node:crypto';
import { WebhookDispatcher, type SandboxClock, type WebhookDeliveryAttempt, type WebhookMessageBase } from '../kit';
import { DEMO_TENANT } from './accounts';
import { ukgDateTime } from './wire/dates';

/**
 * UKG Webhooks, sender side: thin events POSTed to subscribers. The notes confirm HMAC but not the
 * header, so this is the sandbox's choice: `X-UKG-Signature: sha256=<hex HMAC-SHA256 of the raw body,
 * keyed with the subscription secret>`. No timestamp is signed. A non-2xx answer or a network error is
 * retried after each of `retryDelaysMs`; every message stays in a log, like the Premium message history.
 * The log, retries and delivery are the kit's WebhookDispatcher.
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

export type DeliveryAttempt = WebhookDeliveryAttempt;

export interface WebhookMessage extends WebhookMessageBase {
  subscriptionId: string;
  event: ThinEvent;
  signature: string;
}

export interface WebhookSenderOptions {
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
}

const FIRST_EVENT_ID = 459_470_001;

/** UKG's face on the kit's WebhookDispatcher: subscriptions with a secret, thin events, HMAC-signed POSTs. */
export class WebhookSender {
  private readonly dispatcher: WebhookDispatcher<WebhookSubscription, WebhookMessage>;
  private nextEventId = FIRST_EVENT_ID;

  constructor(
    private readonly clock: () => SandboxClock,
    options: WebhookSenderOptions = {},
  ) {
    this.dispatcher = new WebhookDispatcher({
      clock,
      formatTime: ukgDateTime,
      targetIdPrefix: 'sub',
      retryDelaysMs: options.retryDelaysMs ?? [250, 500, 1000],
      timeoutMs: options.timeoutMs,
      headers: (message) => ({
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: message.signature,
        'x-ukg-event-id': String(message.event.EventId),
        'x-ukg-event-type': message.event.EventType,
        'user-agent': 'mlc-sandbox-ukg-webhooks',
      }),
    });
  }

  subscribe(input: { url: string; secret: string; events?: string[] }): WebhookSubscription {
    return this.dispatcher.addTarget((id) => ({ id, url: input.url, secret: input.secret, ...(input.events ? { events: [...input.events] } : {}) }));
  }

  unsubscribe(id: string): boolean {
    return this.dispatcher.removeTarget(id);
  }

  subscriptions(): WebhookSubscription[] {
    return this.dispatcher.targets();
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
    return this.dispatcher.dispatch(
      event.EventType,
      (subscription, { messageId, status, copies, attempts }) => ({ messageId, subscriptionId: subscription.id, event, body, signature: sign(subscription.secret, body), status, copies, attempts }),
      options,
    );
  }

  /** The message history, oldest first (copies). */
  messages(filter: { subscriptionId?: string; eventType?: string; status?: WebhookMessage['status'] } = {}): WebhookMessage[] {
    return this.dispatcher.messages({ targetId: filter.subscriptionId, event: filter.eventType, status: filter.status });
  }

  /** Resolves when no delivery is in flight (events emitted by the employee control methods included). */
  idle(): Promise<void> {
    return this.dispatcher.idle();
  }

  reset(): void {
    this.dispatcher.reset();
    this.nextEventId = FIRST_EVENT_ID;
  }
}

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
