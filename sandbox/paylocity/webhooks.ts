import { WebhookDispatcher, type SandboxClock, type WebhookDeliveryAttempt, type WebhookDispatchOptions, type WebhookMessageBase } from '../kit';
import { formatDateTime } from './wire/dates';

/**
 * Paylocity webhooks, sender side. Paylocity sets them up by hand (no API): a URL per event type,
 * optionally HTTP Basic credentials for it, and no signature. A delivery is a POST of the JSON payload
 * with `content-type: application/json`, `connection: close` and `expect: 100-continue` (the body goes
 * after the receiver's `100 Continue`, or after 350 ms without one, as .NET's client does).
 * The retry policy is not documented: by default a failed delivery is not retried but stays in the
 * message log as failed ("undeliverable"), where `resend` sends it again, like an admin in the Webhook Log.
 * The log, drop/duplicate/delay, retries and the POST are the kit's WebhookDispatcher.
 */
export const WEBHOOK_EVENTS = ['NewHire', 'Termination', 'EmployeeChange', 'PayrollProcessed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export type WebhookPayload = Record<string, string | number | boolean | null>;

export interface WebhookTarget {
  id: string;
  url: string;
  username?: string;
  password?: string;
  /** Event types sent to this URL; all when absent. */
  events?: WebhookEvent[];
}

export type EmitOptions = WebhookDispatchOptions;

export type DeliveryAttempt = WebhookDeliveryAttempt;

export interface WebhookMessage extends WebhookMessageBase {
  targetId: string;
  event: WebhookEvent;
  payload: WebhookPayload;
}

export interface WebhookSenderOptions {
  /** Waits before each retry of a failed delivery; default none (see above). */
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
}

/** Paylocity's face on the kit's WebhookDispatcher: targets with optional Basic credentials, expect-continue POSTs. */
export class WebhookSender {
  private readonly dispatcher: WebhookDispatcher<WebhookTarget, WebhookMessage>;

  constructor(clock: () => SandboxClock, options: WebhookSenderOptions = {}) {
    this.dispatcher = new WebhookDispatcher({
      clock,
      formatTime: formatDateTime,
      targetIdPrefix: 'target',
      retryDelaysMs: options.retryDelaysMs ?? [],
      timeoutMs: options.timeoutMs,
      expectContinue: true,
      headers: (_message, target) => ({
        'content-type': 'application/json',
        connection: 'close',
        'user-agent': 'mlc-sandbox-paylocity-webhooks',
        ...(target.username !== undefined ? { authorization: `Basic ${Buffer.from(`${target.username}:${target.password ?? ''}`).toString('base64')}` } : {}),
      }),
    });
  }

  /** Adds a URL to send events to (all, or `events`), with optional Basic credentials. */
  configure(input: { url: string; username?: string; password?: string; events?: WebhookEvent[] }): WebhookTarget {
    return this.dispatcher.addTarget((id) => {
      const target: WebhookTarget = { id, url: input.url };
      if (input.username !== undefined) target.username = input.username;
      if (input.password !== undefined) target.password = input.password;
      if (input.events) target.events = [...input.events];
      return target;
    });
  }

  removeTarget(id: string): boolean {
    return this.dispatcher.removeTarget(id);
  }

  clearTargets(): void {
    this.dispatcher.clearTargets();
  }

  /** The targets, passwords masked (they are credentials). */
  targets(): WebhookTarget[] {
    return this.dispatcher.targets().map((target) => ({ ...target, ...(target.password !== undefined ? { password: '***' } : {}) }));
  }

  /** Drop / duplicate / delay every later event (including those the employee controls and API writes send) unless an emit says otherwise. */
  setDefaults(options: EmitOptions): void {
    this.dispatcher.setDefaults(options);
  }

  defaults(): EmitOptions {
    return this.dispatcher.defaults();
  }

  /** Logs one message per matching target and delivers them; resolves when delivery has finished. */
  emit(event: WebhookEvent, payload: WebhookPayload, options: EmitOptions = {}): Promise<WebhookMessage[]> {
    const body = JSON.stringify(payload);
    return this.dispatcher.dispatch(event, (target, { messageId, status, copies, attempts }) => ({ messageId, targetId: target.id, event, payload: { ...payload }, body, status, copies, attempts }), options);
  }

  /** Sends a logged message again (one copy), as from Paylocity's Webhook Log. */
  resend(messageId: number): Promise<WebhookMessage> {
    return this.dispatcher.resend(messageId);
  }

  messages(filter: { targetId?: string; event?: WebhookEvent; status?: WebhookMessage['status'] } = {}): WebhookMessage[] {
    return this.dispatcher.messages(filter);
  }

  /** Resolves when no delivery is in flight (events sent by the employee controls included). */
  idle(): Promise<void> {
    return this.dispatcher.idle();
  }

  reset(): void {
    this.dispatcher.reset();
  }
}
