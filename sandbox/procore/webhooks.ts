import type { SandboxClock } from '../kit';
import type { Hook } from './model';
import type { ProcoreState } from './state';
import { stamp } from './wire';

/**
 * The hook dispatcher (C.11). A change to a resource becomes one event; every hook of the company (or
 * of the project) with a trigger on that resource name and event type gets a POST of the payload in
 * the hook's `api_version` (v2, v3 adds `related_resources`, v4 uses string ids, `reason` and
 * `resource_type`), with the hook's static `destination_headers` and no signature. Non-2xx answers,
 * timeouts (5 s) and connection errors are retried after `retryDelaysMs` (Procore: exponential from
 * 1 s up to 1 h, discarded after 12 h; here a short list), then the delivery is `failed`.
 * Duplicates (`duplicate`), losses (`drop`) and delays (`delayMs`) can be asked for per emit or as defaults.
 */
export interface ChangeEvent {
  resourceName: string;
  resourceId: number;
  eventType: 'create' | 'update' | 'delete';
  companyId: number;
  /** null for Company Directory events (Company Vendors). */
  projectId: number | null;
  /** The user who made the change (the service account's user for API writes). */
  userId: number | null;
  /** The client id of the app that made the change; null for a change "in the Procore UI" (a control). */
  applicationId: string | null;
  relatedResources?: Array<{ id: number; name: string }>;
}

export interface EmitOptions {
  drop?: boolean;
  duplicate?: boolean;
  delayMs?: number;
}

export interface Delivery {
  id: number;
  hook_id: number;
  event_id: number;
  event: Record<string, unknown>;
  /** ok | retried (delivered after a failure) | failed | discarded (dropped by the sandbox) | pending */
  outcome: 'pending' | 'ok' | 'retried' | 'failed' | 'discarded';
  copies: number;
  attempts: number;
  response_status: number | null;
  response_headers: Record<string, string>;
  response_body: string;
  response_error: string | null;
  started_at: string | null;
  completed_at: string | null;
}

export interface HookDispatcherOptions {
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID from the sandbox clock and a counter: 26 characters, sortable, deterministic. */
export function ulid(ms: number, sequence: number): string {
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i += 1) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  let rest = '';
  let n = sequence;
  for (let i = 0; i < 16; i += 1) {
    rest = CROCKFORD[n % 32]! + rest;
    n = Math.floor(n / 32);
  }
  return time + rest;
}

export class HookDispatcher {
  private log: Delivery[] = [];
  private inFlight = new Set<Promise<void>>();
  private timers = new Map<NodeJS.Timeout, () => void>();
  private generation = 0;
  private sequence = 0;
  private defaultOptions: EmitOptions = {};
  private readonly retryDelaysMs: readonly number[];
  private readonly timeoutMs: number;

  constructor(
    private readonly state: ProcoreState,
    private readonly clock: () => SandboxClock,
    options: HookDispatcherOptions = {},
  ) {
    this.retryDelaysMs = options.retryDelaysMs ?? [1000, 2000, 4000];
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  setDefaults(options: EmitOptions): EmitOptions {
    this.defaultOptions = { ...options };
    return this.defaults();
  }

  defaults(): EmitOptions {
    return { ...this.defaultOptions };
  }

  /** Hooks that would receive this event. */
  matchingHooks(event: ChangeEvent, hookId?: number): Hook[] {
    return this.state.hooks.filter((hook) => {
      if (hookId !== undefined && hook.id !== hookId) return false;
      const owned = hook.owned_by_company_id === event.companyId || (event.projectId !== null && hook.owned_by_project_id === event.projectId);
      if (!owned) return false;
      return hookId !== undefined || this.state.triggers.some((trigger) => trigger.webhook_hook_id === hook.id && trigger.resource_name === event.resourceName && trigger.event_type === event.eventType);
    });
  }

  /** A resource changed: deliver to every matching hook. Resolves when those deliveries are done. */
  changed(event: ChangeEvent, options: EmitOptions = {}, hookId?: number): Promise<Delivery[]> {
    const effective = { ...this.defaultOptions, ...options };
    const hooks = this.matchingHooks(event, hookId);
    if (hooks.length === 0) return Promise.resolve([]);
    const eventId = this.state.nextId('event');
    const nowMs = this.clock().nowMs();
    const eventUlid = ulid(nowMs, ++this.sequence);
    const created = hooks.map((hook) => {
      const delivery: Delivery = {
        id: this.state.nextId('delivery'),
        hook_id: hook.id,
        event_id: eventId,
        event: payloadFor(hook.api_version, event, eventId, eventUlid, new Date(nowMs).toISOString().replace('Z', '000Z')),
        outcome: effective.drop ? 'discarded' : 'pending',
        copies: effective.drop ? 0 : effective.duplicate ? 2 : 1,
        attempts: 0,
        response_status: null,
        response_headers: {},
        response_body: '',
        response_error: null,
        started_at: null,
        completed_at: null,
      };
      return { delivery, hook };
    });
    this.log.push(...created.map(({ delivery }) => delivery));
    const generation = this.generation;
    const work = created
      .filter(({ delivery }) => delivery.outcome === 'pending')
      .map(({ delivery, hook }) => this.track(this.deliver(delivery, hook, generation, effective.delayMs ?? 0)));
    return Promise.all(work).then(() => created.map(({ delivery }) => structuredClone(delivery)));
  }

  deliveries(filter: { hookId?: number; outcome?: Delivery['outcome'] } = {}): Delivery[] {
    return this.log.filter((d) => (filter.hookId === undefined || d.hook_id === filter.hookId) && (filter.outcome === undefined || d.outcome === filter.outcome)).map((d) => structuredClone(d));
  }

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
    this.log = [];
    this.defaultOptions = {};
    this.sequence = 0;
  }

  private track(work: Promise<void>): Promise<void> {
    const tracked = work.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return tracked;
  }

  private async deliver(delivery: Delivery, hook: Hook, generation: number, delayMs: number): Promise<void> {
    if (delayMs > 0) await this.sleep(delayMs);
    const body = JSON.stringify(delivery.event);
    let failedOnce = false;
    let ok = true;
    for (let copy = 1; copy <= delivery.copies; copy += 1) {
      let delivered = false;
      for (let attempt = 0; attempt <= this.retryDelaysMs.length; attempt += 1) {
        if (generation !== this.generation) return;
        delivery.attempts += 1;
        delivery.started_at = stamp(this.clock().nowMs());
        delivered = await this.post(hook, body, delivery);
        delivery.completed_at = stamp(this.clock().nowMs());
        if (delivered) break;
        failedOnce = true;
        const wait = this.retryDelaysMs[attempt];
        if (wait !== undefined) await this.sleep(wait);
      }
      ok = ok && delivered;
    }
    if (generation === this.generation) delivery.outcome = !ok ? 'failed' : failedOnce ? 'retried' : 'ok';
  }

  private async post(hook: Hook, body: string, delivery: Delivery): Promise<boolean> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await fetch(hook.destination_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'mlc-sandbox-procore-webhooks', ...hook.destination_headers },
        body,
        signal: controller.signal,
      });
      delivery.response_status = response.status;
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      delivery.response_headers = headers;
      delivery.response_body = (await response.text()).slice(0, 2000);
      delivery.response_error = null;
      return response.status >= 200 && response.status < 300;
    } catch (error) {
      delivery.response_status = null;
      delivery.response_error = controller.signal.aborted ? `no answer within ${this.timeoutMs} ms` : error instanceof Error ? error.message : String(error);
      return false;
    } finally {
      clearTimeout(timer);
    }
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

/** The delivery body in the hook's payload version. */
export function payloadFor(apiVersion: string, event: ChangeEvent, eventId: number, eventUlid: string, timestamp: string): Record<string, unknown> {
  const version = apiVersion.replace(/^v/, '').split('.')[0];
  const metadata = {
    source_user_id: event.userId,
    source_project_id: event.projectId,
    source_operation_id: null,
    source_company_id: event.companyId,
    source_application_id: event.applicationId,
  };
  if (version === '4') {
    return {
      id: eventUlid,
      timestamp,
      reason: event.eventType,
      company_id: String(event.companyId),
      ...(event.projectId !== null ? { project_id: String(event.projectId) } : {}),
      user_id: event.userId === null ? null : String(event.userId),
      resource_type: event.resourceName,
      resource_id: String(event.resourceId),
      metadata: { ...metadata, source_user_id: event.userId === null ? null : String(event.userId), source_project_id: event.projectId === null ? null : String(event.projectId), source_company_id: String(event.companyId) },
    };
  }
  const v2: Record<string, unknown> = {
    id: eventId,
    ulid: eventUlid,
    timestamp,
    metadata,
    user_id: event.userId,
    company_id: event.companyId,
    ...(event.projectId !== null ? { project_id: event.projectId } : {}),
    api_version: version === '3' ? 'v3.0' : 'v2.0',
    event_type: event.eventType,
    resource_name: event.resourceName,
    resource_id: event.resourceId,
  };
  if (version === '3') v2.related_resources = event.relatedResources ?? [];
  return v2;
}
