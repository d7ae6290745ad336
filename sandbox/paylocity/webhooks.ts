import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SandboxClock } from '../kit';
import { formatDateTime } from './wire/dates';

/**
 * Paylocity webhooks, sender side. Paylocity sets them up by hand (no API): a URL per event type,
 * optionally HTTP Basic credentials for it, and no signature. A delivery is a POST of the JSON payload
 * with `content-type: application/json`, `connection: close` and `expect: 100-continue` (the body goes
 * after the receiver's `100 Continue`, or after 350 ms without one, as .NET's client does).
 * The retry policy is not documented: by default a failed delivery is not retried but stays in the
 * message log as failed ("undeliverable"), where `resend` sends it again, like an admin in the Webhook Log.
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

export interface EmitOptions {
  /** Log the message but never send it, so a consumer has to recover it (from the API, or a resend). */
  drop?: boolean;
  /** Send the same body twice, as at-least-once delivery may. */
  duplicate?: boolean;
  /** Wait this long (real time) before sending. */
  delayMs?: number;
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
  targetId: string;
  event: WebhookEvent;
  payload: WebhookPayload;
  body: string;
  status: 'pending' | 'delivered' | 'failed' | 'dropped';
  copies: number;
  attempts: DeliveryAttempt[];
}

export interface WebhookSenderOptions {
  /** Waits before each retry of a failed delivery; default none (see above). */
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
}

const CONTINUE_TIMEOUT_MS = 350;

export class WebhookSender {
  private targetList: WebhookTarget[] = [];
  private log: WebhookMessage[] = [];
  private inFlight = new Set<Promise<void>>();
  private timers = new Map<NodeJS.Timeout, () => void>();
  private nextTarget = 1;
  private nextMessage = 1;
  /** Bumped by reset, so deliveries still waiting for a forgotten target give up. */
  private generation = 0;
  private defaultOptions: EmitOptions = {};
  private readonly retryDelaysMs: readonly number[];
  private readonly timeoutMs: number;

  constructor(
    private readonly clock: () => SandboxClock,
    options: WebhookSenderOptions = {},
  ) {
    this.retryDelaysMs = options.retryDelaysMs ?? [];
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** Adds a URL to send events to (all, or `events`), with optional Basic credentials. */
  configure(input: { url: string; username?: string; password?: string; events?: WebhookEvent[] }): WebhookTarget {
    const target: WebhookTarget = { id: `target-${this.nextTarget++}`, url: input.url };
    if (input.username !== undefined) target.username = input.username;
    if (input.password !== undefined) target.password = input.password;
    if (input.events) target.events = [...input.events];
    this.targetList.push(target);
    return { ...target };
  }

  removeTarget(id: string): boolean {
    const before = this.targetList.length;
    this.targetList = this.targetList.filter((target) => target.id !== id);
    return this.targetList.length < before;
  }

  clearTargets(): void {
    this.targetList = [];
  }

  /** The targets, passwords masked (they are credentials). */
  targets(): WebhookTarget[] {
    return this.targetList.map((target) => ({ ...target, ...(target.password !== undefined ? { password: '***' } : {}) }));
  }

  /** Drop / duplicate / delay every later event (including those the employee controls and API writes send) unless an emit says otherwise. */
  setDefaults(options: EmitOptions): void {
    this.defaultOptions = { ...options };
  }

  defaults(): EmitOptions {
    return { ...this.defaultOptions };
  }

  /** Logs one message per matching target and delivers them; resolves when delivery has finished. */
  emit(event: WebhookEvent, payload: WebhookPayload, options: EmitOptions = {}): Promise<WebhookMessage[]> {
    const effective = { ...this.defaultOptions, ...options };
    const body = JSON.stringify(payload);
    const created = this.targetList
      .filter((target) => target.events === undefined || target.events.includes(event))
      .map((target) => {
        const message: WebhookMessage = {
          messageId: this.nextMessage++,
          targetId: target.id,
          event,
          payload: { ...payload },
          body,
          status: effective.drop ? 'dropped' : 'pending',
          copies: effective.drop ? 0 : effective.duplicate ? 2 : 1,
          attempts: [],
        };
        return { message, target };
      });
    this.log.push(...created.map(({ message }) => message));
    const generation = this.generation;
    const deliveries = created
      .filter(({ message }) => message.status === 'pending')
      .map(({ message, target }) => this.track(this.deliver(message, target, generation, effective.delayMs ?? 0)));
    return Promise.all(deliveries).then(() => created.map(({ message }) => structuredClone(message)));
  }

  /** Sends a logged message again (one copy), as from Paylocity's Webhook Log. */
  async resend(messageId: number): Promise<WebhookMessage> {
    const message = this.log.find((candidate) => candidate.messageId === messageId);
    if (!message) throw new Error(`no webhook message ${messageId}`);
    const target = this.targetList.find((candidate) => candidate.id === message.targetId);
    if (!target) throw new Error(`webhook target ${message.targetId} is gone`);
    const copy = Math.max(0, ...message.attempts.map((attempt) => attempt.copy)) + 1;
    const delivered = await this.track(this.deliverCopy(message, target, copy, this.generation).then((ok) => {
      message.status = ok ? 'delivered' : 'failed';
    })).then(() => message);
    return structuredClone(delivered);
  }

  messages(filter: { targetId?: string; event?: WebhookEvent; status?: WebhookMessage['status'] } = {}): WebhookMessage[] {
    return this.log
      .filter((message) => (filter.targetId === undefined || message.targetId === filter.targetId) && (filter.event === undefined || message.event === filter.event) && (filter.status === undefined || message.status === filter.status))
      .map((message) => structuredClone(message));
  }

  /** Resolves when no delivery is in flight (events sent by the employee controls included). */
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
    this.targetList = [];
    this.log = [];
    this.defaultOptions = {};
    this.nextTarget = 1;
    this.nextMessage = 1;
  }

  private track(delivery: Promise<void>): Promise<void> {
    const tracked = delivery.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return tracked;
  }

  private async deliver(message: WebhookMessage, target: WebhookTarget, generation: number, delayMs: number): Promise<void> {
    if (delayMs > 0) await this.sleep(delayMs);
    let delivered = true;
    for (let copy = 1; copy <= message.copies; copy += 1) {
      if (generation !== this.generation) return;
      delivered = (await this.deliverCopy(message, target, copy, generation)) && delivered;
    }
    if (generation === this.generation) message.status = delivered ? 'delivered' : 'failed';
  }

  private async deliverCopy(message: WebhookMessage, target: WebhookTarget, copy: number, generation: number): Promise<boolean> {
    for (let attempt = 1; attempt <= this.retryDelaysMs.length + 1; attempt += 1) {
      if (generation !== this.generation) return false;
      const record: DeliveryAttempt = { copy, attempt, at: formatDateTime(this.clock().nowMs()) };
      message.attempts.push(record);
      try {
        record.status = await this.post(target, message.body);
        if (record.status >= 200 && record.status < 300) return true;
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
      const delay = this.retryDelaysMs[attempt - 1];
      if (delay !== undefined) await this.sleep(delay);
    }
    return false;
  }

  /** One POST with node:http, which (unlike fetch) may send `expect: 100-continue`. */
  private post(target: WebhookTarget, body: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const url = new URL(target.url);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        connection: 'close',
        expect: '100-continue',
        'user-agent': 'mlc-sandbox-paylocity-webhooks',
      };
      if (target.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${target.username}:${target.password ?? ''}`).toString('base64')}`;
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(url, { method: 'POST', headers, agent: false });
      let bodySent = false;
      const sendBody = (): void => {
        if (bodySent) return;
        bodySent = true;
        request.end(body);
      };
      const fallback = setTimeout(sendBody, CONTINUE_TIMEOUT_MS);
      request.on('continue', () => {
        clearTimeout(fallback);
        sendBody();
      });
      request.on('response', (response) => {
        clearTimeout(fallback);
        // A final answer before 100 Continue (a 401 for wrong credentials): the body is not sent.
        if (!bodySent) {
          bodySent = true;
          request.destroy();
        }
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
        response.on('close', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', (error) => {
        clearTimeout(fallback);
        reject(error);
      });
      request.setTimeout(this.timeoutMs, () => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      request.flushHeaders();
    });
  }

  /** Real time, not the sandbox clock: a test may freeze the clock while deliveries wait. */
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
