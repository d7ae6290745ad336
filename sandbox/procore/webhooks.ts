import { WebhookDispatcher, type SandboxClock, type WebhookMessageBase, type WebhookTargetBase } from '../kit';
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

/** A hook as the kit's dispatcher sees it: its URL and a copy of the hook (for its static headers). */
interface HookTarget extends WebhookTargetBase {
  hook: Hook;
}

/** A logged delivery: the kit's envelope (status, copies, attempts) plus Procore's delivery fields. */
interface HookMessage extends WebhookMessageBase, Pick<Delivery, 'id' | 'hook_id' | 'event_id' | 'event' | 'response_status' | 'response_headers' | 'response_body' | 'response_error' | 'started_at' | 'completed_at'> {}

/** Procore's face on the kit's WebhookDispatcher: hooks and triggers from the state, versioned payloads, static headers. */
export class HookDispatcher {
  private readonly dispatcher: WebhookDispatcher<HookTarget, HookMessage>;
  private sequence = 0;

  constructor(
    private readonly state: ProcoreState,
    private readonly clock: () => SandboxClock,
    options: HookDispatcherOptions = {},
  ) {
    this.dispatcher = new WebhookDispatcher<HookTarget, HookMessage>({
      clock,
      formatTime: stamp,
      targetIdPrefix: 'hook',
      retryDelaysMs: options.retryDelaysMs ?? [1000, 2000, 4000],
      timeoutMs: options.timeoutMs,
      headers: (_message, target) => ({ 'content-type': 'application/json', 'user-agent': 'mlc-sandbox-procore-webhooks', ...target.hook.destination_headers }),
      onAttempt: (message, _target, { attempt, headers, body }) => {
        message.started_at = attempt.at;
        message.completed_at = stamp(this.clock().nowMs());
        message.response_status = attempt.status ?? null;
        message.response_error = attempt.error ?? null;
        if (headers) message.response_headers = headers;
        if (body !== undefined) message.response_body = body.slice(0, 2000);
      },
    });
  }

  setDefaults(options: EmitOptions): EmitOptions {
    this.dispatcher.setDefaults(options);
    return this.defaults();
  }

  defaults(): EmitOptions {
    return this.dispatcher.defaults();
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

  /**
   * A resource changed: deliver to every matching hook. Resolves when those deliveries are done.
   * Hooks live in the state (kept, edited over the API), so each change hands the dispatcher the
   * hooks it matches as its targets.
   */
  async changed(event: ChangeEvent, options: EmitOptions = {}, hookId?: number): Promise<Delivery[]> {
    const hooks = this.matchingHooks(event, hookId);
    if (hooks.length === 0) return [];
    const eventId = this.state.nextId('event');
    const nowMs = this.clock().nowMs();
    const eventUlid = ulid(nowMs, ++this.sequence);
    this.dispatcher.clearTargets();
    for (const hook of hooks) this.dispatcher.addTarget((id) => ({ id, url: hook.destination_url, hook: structuredClone(hook) }));
    const sent = this.dispatcher.dispatch(
      event.resourceName,
      (target, envelope) => {
        const payload = payloadFor(target.hook.api_version, event, eventId, eventUlid, new Date(nowMs).toISOString().replace('Z', '000Z'));
        return {
          ...envelope,
          id: this.state.nextId('delivery'),
          hook_id: target.hook.id,
          event_id: eventId,
          event: payload,
          body: JSON.stringify(payload),
          response_status: null,
          response_headers: {},
          response_body: '',
          response_error: null,
          started_at: null,
          completed_at: null,
        };
      },
      options,
    );
    this.dispatcher.clearTargets();
    return (await sent).map(toDelivery);
  }

  deliveries(filter: { hookId?: number; outcome?: Delivery['outcome'] } = {}): Delivery[] {
    return this.dispatcher
      .messages()
      .map(toDelivery)
      .filter((d) => (filter.hookId === undefined || d.hook_id === filter.hookId) && (filter.outcome === undefined || d.outcome === filter.outcome));
  }

  idle(): Promise<void> {
    return this.dispatcher.idle();
  }

  reset(): void {
    this.dispatcher.reset();
    this.sequence = 0;
  }
}

/** The delivery as Procore's log shows it: the kit's status as an outcome, attempts counted. */
function toDelivery(message: HookMessage): Delivery {
  const { status, attempts } = message;
  const failedOnce = attempts.some((attempt) => attempt.status === undefined || attempt.status < 200 || attempt.status >= 300);
  const outcome: Delivery['outcome'] = status === 'dropped' ? 'discarded' : status === 'pending' ? 'pending' : status === 'failed' ? 'failed' : failedOnce ? 'retried' : 'ok';
  return {
    id: message.id,
    hook_id: message.hook_id,
    event_id: message.event_id,
    event: message.event,
    outcome,
    copies: message.copies,
    attempts: attempts.length,
    response_status: message.response_status,
    response_headers: message.response_headers,
    response_body: message.response_body,
    response_error: message.response_error,
    started_at: message.started_at,
    completed_at: message.completed_at,
  };
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
