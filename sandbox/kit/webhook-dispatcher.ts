import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SandboxClock } from './clock';

/**
 * The sender side of a simulator's webhooks: targets (URL + optional event filter), a message log
 * (pending / delivered / failed / dropped, every attempt recorded), drop, duplicate and delay, retries
 * with back-off, `resend`, `idle()` and `reset()`. What differs per system is passed in: the message
 * a simulator logs (its event, body and anything signed), the headers of a POST, the retry schedule.
 * Waits (delay, back-off) use real time, not the sandbox clock: a test may freeze the clock while
 * deliveries wait. `reset` wakes them and they give up.
 */
export type WebhookMessageStatus = 'pending' | 'delivered' | 'failed' | 'dropped';

export interface WebhookDeliveryAttempt {
  copy: number;
  attempt: number;
  at: string;
  status?: number;
  error?: string;
}

/** What the dispatcher sets on every message; a simulator's message adds its own fields around it. */
export interface WebhookEnvelope {
  messageId: number;
  status: WebhookMessageStatus;
  copies: number;
  attempts: WebhookDeliveryAttempt[];
}

/** A logged message: the envelope plus the exact body POSTed (the same bytes for every copy and retry). */
export interface WebhookMessageBase extends WebhookEnvelope {
  body: string;
}

export interface WebhookTargetBase {
  id: string;
  url: string;
  /** Event names sent to this target; all when absent. */
  events?: readonly string[];
}

export interface WebhookDispatchOptions {
  /** Log the message but never send it, so a consumer has to recover it (from the API, a resend, the history). */
  drop?: boolean;
  /** Send the same body twice, as at-least-once delivery may. */
  duplicate?: boolean;
  /** Wait this long (real time) before sending. */
  delayMs?: number;
}

export interface WebhookDispatcherConfig<Target extends WebhookTargetBase, Message extends WebhookMessageBase> {
  clock: () => SandboxClock;
  /** How an attempt's `at` is written (the system's date-time format). */
  formatTime: (ms: number) => string;
  /** Target ids are `<prefix>-1`, `<prefix>-2`, ... (back to 1 on reset). */
  targetIdPrefix: string;
  /** Waits before each retry of a failed copy (non-2xx or network error); `[]` for no retries. */
  retryDelaysMs: readonly number[];
  /** Per attempt; default 5000. */
  timeoutMs?: number;
  /** The POST's headers for a message and its target (content-type, signatures, auth...); `content-length` is added. */
  headers: (message: Message, target: Target) => Record<string, string>;
  /** Send `expect: 100-continue` and the body only after `100 Continue` (or 350 ms without one, as .NET does). */
  expectContinue?: boolean;
  /** Called after every attempt with what the receiver answered (headers and the start of the body), for a system whose log keeps them. */
  onAttempt?: (message: Message, target: Target, answer: WebhookAnswer) => void;
}

/** One attempt as the receiver answered it; `headers` and `body` are absent after a network error. */
export interface WebhookAnswer {
  attempt: WebhookDeliveryAttempt;
  headers?: Record<string, string>;
  /** The first `RESPONSE_BODY_LIMIT` bytes of the answer's body. */
  body?: string;
}

/** How much of a receiver's answer body is kept for `onAttempt`. */
export const RESPONSE_BODY_LIMIT = 8192;

const CONTINUE_TIMEOUT_MS = 350;

interface LogEntry<Message> {
  message: Message;
  targetId: string;
  event: string;
}

export class WebhookDispatcher<Target extends WebhookTargetBase, Message extends WebhookMessageBase> {
  private targetList: Target[] = [];
  private log: LogEntry<Message>[] = [];
  private inFlight = new Set<Promise<void>>();
  /** Delay and back-off timers, and how to wake their delivery early (on reset, which then gives up). */
  private timers = new Map<NodeJS.Timeout, () => void>();
  private nextTarget = 1;
  private nextMessage = 1;
  /** Bumped by reset, so deliveries still waiting for a forgotten target give up. */
  private generation = 0;
  private defaultOptions: WebhookDispatchOptions = {};
  private readonly timeoutMs: number;

  constructor(private readonly config: WebhookDispatcherConfig<Target, Message>) {
    this.timeoutMs = config.timeoutMs ?? 5000;
  }

  /** Stores the target `create` makes with the next id; returns a copy. */
  addTarget(create: (id: string) => Target): Target {
    const target = create(`${this.config.targetIdPrefix}-${this.nextTarget++}`);
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

  /** Copies of the targets, oldest first. */
  targets(): Target[] {
    return this.targetList.map((target) => ({ ...target }));
  }

  /** Options every later dispatch gets unless it says otherwise. */
  setDefaults(options: WebhookDispatchOptions): void {
    this.defaultOptions = { ...options };
  }

  defaults(): WebhookDispatchOptions {
    return { ...this.defaultOptions };
  }

  /**
   * Logs one message per target that takes `event` (built by `build` around the envelope) and delivers
   * them; resolves with copies of the messages when delivery has finished.
   */
  dispatch(event: string, build: (target: Target, envelope: WebhookEnvelope) => Message, options: WebhookDispatchOptions = {}): Promise<Message[]> {
    const effective = { ...this.defaultOptions, ...options };
    const created = this.targetList
      .filter((target) => target.events === undefined || target.events.includes(event))
      .map((target) => {
        const message = build(target, {
          messageId: this.nextMessage++,
          status: effective.drop ? 'dropped' : 'pending',
          copies: effective.drop ? 0 : effective.duplicate ? 2 : 1,
          attempts: [],
        });
        return { message, target };
      });
    this.log.push(...created.map(({ message, target }) => ({ message, targetId: target.id, event })));
    const generation = this.generation;
    const deliveries = created
      .filter(({ message }) => message.status === 'pending')
      .map(({ message, target }) => this.track(this.deliver(message, target, generation, effective.delayMs ?? 0)));
    return Promise.all(deliveries).then(() => created.map(({ message }) => structuredClone(message)));
  }

  /** Sends a logged message again (one more copy) to its target; throws when either is gone. */
  async resend(messageId: number): Promise<Message> {
    const entry = this.log.find((candidate) => candidate.message.messageId === messageId);
    if (!entry) throw new Error(`no webhook message ${messageId}`);
    const target = this.targetList.find((candidate) => candidate.id === entry.targetId);
    if (!target) throw new Error(`webhook target ${entry.targetId} is gone`);
    const { message } = entry;
    const copy = Math.max(0, ...message.attempts.map((attempt) => attempt.copy)) + 1;
    await this.track(this.deliverCopy(message, target, copy, this.generation).then((ok) => {
      message.status = ok ? 'delivered' : 'failed';
    }));
    return structuredClone(message);
  }

  /** The message log, oldest first (copies). */
  messages(filter: { targetId?: string; event?: string; status?: WebhookMessageStatus } = {}): Message[] {
    return this.log
      .filter((entry) => (filter.targetId === undefined || entry.targetId === filter.targetId) && (filter.event === undefined || entry.event === filter.event) && (filter.status === undefined || entry.message.status === filter.status))
      .map((entry) => structuredClone(entry.message));
  }

  /** Resolves when no delivery is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Forgets targets, log, defaults and counters; deliveries still waiting wake and give up. */
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

  private async deliver(message: Message, target: Target, generation: number, delayMs: number): Promise<void> {
    if (delayMs > 0) await this.sleep(delayMs);
    let delivered = true;
    for (let copy = 1; copy <= message.copies; copy += 1) {
      if (generation !== this.generation) return;
      delivered = (await this.deliverCopy(message, target, copy, generation)) && delivered;
    }
    if (generation === this.generation) message.status = delivered ? 'delivered' : 'failed';
  }

  private async deliverCopy(message: Message, target: Target, copy: number, generation: number): Promise<boolean> {
    const { retryDelaysMs } = this.config;
    for (let attempt = 1; attempt <= retryDelaysMs.length + 1; attempt += 1) {
      if (generation !== this.generation) return false;
      const record: WebhookDeliveryAttempt = { copy, attempt, at: this.config.formatTime(this.config.clock().nowMs()) };
      message.attempts.push(record);
      let answer: WebhookAnswer = { attempt: record };
      try {
        const response = await exchangeWebhook(target.url, {
          body: message.body,
          headers: this.config.headers(message, target),
          timeoutMs: this.timeoutMs,
          expectContinue: this.config.expectContinue ?? false,
        });
        record.status = response.status;
        answer = { attempt: record, headers: response.headers, body: response.body };
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
      this.config.onAttempt?.(message, target, answer);
      if (record.status !== undefined && record.status >= 200 && record.status < 300) return true;
      const delay = retryDelaysMs[attempt - 1];
      if (delay !== undefined) await this.sleep(delay);
    }
    return false;
  }

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

/**
 * One POST on a fresh connection (node:http, which unlike fetch can send `expect: 100-continue`);
 * resolves with the status, rejects on a network error or no answer within `timeoutMs`.
 */
export function postWebhook(url: string, options: WebhookPostOptions): Promise<number> {
  return exchangeWebhook(url, options).then((answer) => answer.status);
}

export interface WebhookPostOptions {
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  expectContinue?: boolean;
}

/** `postWebhook` that also resolves with the answer's headers and the start of its body. */
export function exchangeWebhook(url: string, options: WebhookPostOptions): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { body, timeoutMs } = options;
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const headers: Record<string, string> = { ...options.headers, 'content-length': String(Buffer.byteLength(body)) };
    if (options.expectContinue) headers.expect = '100-continue';
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, { method: 'POST', headers, agent: false });
    let bodySent = false;
    const sendBody = (): void => {
      if (bodySent) return;
      bodySent = true;
      request.end(body);
    };
    const fallback = options.expectContinue ? setTimeout(sendBody, CONTINUE_TIMEOUT_MS) : undefined;
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
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept >= RESPONSE_BODY_LIMIT) return;
        chunks.push(chunk.subarray(0, RESPONSE_BODY_LIMIT - kept));
        kept += chunk.length;
      });
      const answer = (): void => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      };
      response.on('end', answer);
      response.on('error', reject);
      response.on('close', answer);
    });
    request.on('error', (error) => {
      clearTimeout(fallback);
      reject(error);
    });
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    if (options.expectContinue) request.flushHeaders();
    else sendBody();
  });
}
