// Procore hook deliveries (C.11): one JSON POST per event, unsigned; the hook was created with static
// `destination_headers` (e.g. `Authorization: Bearer <secret>`) that every delivery carries. Three payload
// versions:
//
// - **v2.0**: `{id, ulid, timestamp, metadata{...}, user_id, company_id, project_id, api_version,
//   event_type, resource_name, resource_id}`, ids as numbers.
// - **v3.0**: v2 plus `related_resources: [{id, name}]` (set on line-item resources: the direct cost of a
//   direct cost line, the contract of a PO line).
// - **v4.0**: every id a string, `id` is the ulid, `event_type` → `reason`, `resource_name` →
//   `resource_type`.
//
// Company Directory events (Company Vendors, Company Users) carry no project. A delivery only names the
// change; the flow follows up with a read. Duplicates happen: the ulid names a delivery's event.
import { z } from 'zod';
import type { RecordRef } from '../envelope';
import { checkStaticHeader } from '../util/static-header';
import { webhookPath, windowMsFrom } from '../util/webhook-settings';

export type PayloadVersion = 'v2' | 'v3' | 'v4';

export type ProcoreWebhookEvent = {
  payloadVersion: PayloadVersion;
  /** As sent (`v2.0`...), or null. */
  apiVersion: string | null;
  /** The event's 26-character ULID (v4: its `id`). */
  ulid: string;
  /** v2/v3: the numeric event id; v4 has only the ulid. */
  eventId: string | null;
  timestamp: string | null;
  companyId: string;
  projectId: string | null;
  userId: string | null;
  /** create, update or delete (v4 `reason`). */
  eventType: string;
  /** "Purchase Order Contracts", "Company Vendors", ... (v4 `resource_type`). */
  resourceName: string;
  resourceId: string;
  relatedResources: Array<{ id: string; name: string }>;
  /** source_application_id etc., when sent (v2/v3). */
  metadata: Record<string, unknown> | null;
};

const id = z
  .union([z.string(), z.number()], { error: 'must be an id (text or a number)' })
  .transform((value) => String(value).trim())
  .pipe(z.string().min(1, 'must not be empty'));
const optId = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim()));
const optText = z.string().nullish().transform((v) => v ?? null);
const related = z.array(z.looseObject({ id, name: z.string() })).nullish();

const v23Schema = z.looseObject({
  id: optId,
  ulid: z.string().trim().min(1).nullish(),
  timestamp: optText,
  metadata: z.record(z.string(), z.unknown()).nullish(),
  user_id: optId,
  company_id: id,
  project_id: optId,
  api_version: optText,
  event_type: z.string().trim().min(1),
  resource_name: z.string().trim().min(1),
  resource_id: id,
  related_resources: related,
});

const v4Schema = z.looseObject({
  id: z.string().trim().min(1),
  timestamp: optText,
  reason: z.string().trim().min(1),
  company_id: id,
  project_id: optId,
  user_id: optId,
  resource_type: z.string().trim().min(1),
  resource_id: id,
  api_version: optText,
  related_resources: related,
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

export type ParsedEvent = { ok: true; event: ProcoreWebhookEvent } | { ok: false; problem: string };

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'body'} ${issue.message}` : 'invalid';
}

export function parseEvent(item: unknown): ParsedEvent {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { ok: false, problem: 'an event must be a JSON object' };
  const body = item as Record<string, unknown>;
  const relatedOf = (list: Array<{ id: string; name: string }> | null | undefined) => (list ?? []).map((r) => ({ id: r.id, name: r.name }));
  if ('reason' in body || 'resource_type' in body) {
    const parsed = v4Schema.safeParse(body);
    if (!parsed.success) return { ok: false, problem: `v4 payload: ${firstIssue(parsed.error)}` };
    const p = parsed.data;
    return {
      ok: true,
      event: {
        payloadVersion: 'v4',
        apiVersion: p.api_version,
        ulid: p.id,
        eventId: null,
        timestamp: p.timestamp,
        companyId: p.company_id,
        projectId: p.project_id,
        userId: p.user_id,
        eventType: p.reason,
        resourceName: p.resource_type,
        resourceId: p.resource_id,
        relatedResources: relatedOf(p.related_resources),
        metadata: p.metadata ?? null,
      },
    };
  }
  const parsed = v23Schema.safeParse(body);
  if (!parsed.success) return { ok: false, problem: `not a Procore hook delivery: ${firstIssue(parsed.error)}` };
  const p = parsed.data;
  const ulid = p.ulid ?? null;
  if (ulid === null && p.id === null) return { ok: false, problem: 'the event has neither ulid nor id' };
  return {
    ok: true,
    event: {
      payloadVersion: 'related_resources' in body || /^v?3/.test(p.api_version ?? '') ? 'v3' : 'v2',
      apiVersion: p.api_version,
      ulid: ulid ?? `id-${p.id}`,
      eventId: p.id,
      timestamp: p.timestamp,
      companyId: p.company_id,
      projectId: p.project_id,
      userId: p.user_id,
      eventType: p.event_type,
      resourceName: p.resource_name,
      resourceId: p.resource_id,
      relatedResources: relatedOf(p.related_resources),
      metadata: p.metadata ?? null,
    },
  };
}

/** A delivery holds one event (what Procore sends); a list is taken too. */
export function parseEvents(body: unknown): { ok: true; events: ProcoreWebhookEvent[] } | { ok: false; problem: string } {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) return { ok: false, problem: 'no events in the body' };
  const events: ProcoreWebhookEvent[] = [];
  for (const [index, item] of list.entries()) {
    const parsed = parseEvent(item);
    if (!parsed.ok) return { ok: false, problem: list.length > 1 ? `event ${index + 1}: ${parsed.problem}` : parsed.problem };
    events.push(parsed.event);
  }
  return { ok: true, events };
}

// --- What the read node reads for an event ---------------------------------------------------------

/** Procore resource name → the mlc-procore-read entity that reads it; line items → their parent's. */
const RESOURCE_ENTITIES: Readonly<Record<string, string>> = {
  projects: 'projects',
  'company vendors': 'vendors',
  'project vendors': 'vendors',
  'cost codes': 'cost-codes',
  'line item types': 'line-item-types',
  'purchase order contracts': 'commitments',
  'purchase order contract line items': 'commitments',
  'direct costs': 'direct-costs',
  'direct cost line items': 'direct-costs',
  requisitions: 'requisitions',
};

/** The read entity and the ids to read for an event, or null when the read node reads no such thing. */
export function readTargetOf(event: ProcoreWebhookEvent): { entity: string; ids: string[] } | null {
  const entity = RESOURCE_ENTITIES[event.resourceName.trim().toLowerCase()];
  if (!entity) return null;
  if (/line items$/i.test(event.resourceName)) {
    const parents = event.relatedResources.filter((r) => RESOURCE_ENTITIES[r.name.trim().toLowerCase()] === entity && !/line items$/i.test(r.name)).map((r) => r.id);
    return parents.length > 0 ? { entity, ids: parents } : null;
  }
  return { entity, ids: [event.resourceId] };
}

/** "Purchase Order Contracts" → "purchase-order-contracts". */
export function resourceSlug(name: string): string {
  return name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'resource';
}

// --- Keys and messages -----------------------------------------------------------------------------

/** What the node remembers to drop a redelivery: the event's ulid, of the webhook's own namespace. */
export function memoryKey(event: ProcoreWebhookEvent): string {
  return `procore:webhook:${event.ulid}`;
}

/** msg.mlc.key: `procore:event:<company>:<ulid>`, the same for every copy of one event. */
export function messageKey(event: ProcoreWebhookEvent): string {
  return `procore:event:${event.companyId}:${event.ulid}`;
}

export function sourceOf(event: ProcoreWebhookEvent): RecordRef {
  return { system: 'procore', entity: resourceSlug(event.resourceName), id: `${event.companyId}/${event.resourceId}` };
}

export type ProcoreEventPayload = {
  eventType: string;
  resourceName: string;
  resourceId: string;
  companyId: string;
  projectId: string | null;
  ulid: string;
  timestamp: string | null;
  payloadVersion: PayloadVersion;
  relatedResources: Array<{ id: string; name: string }>;
  /** What mlc-procore-read reads for it (its `entity` and `ids`), or null. */
  entity: string | null;
  ids: string[];
};

export type ProcoreWebhookMessage = {
  topic: string;
  payload: ProcoreEventPayload;
  mlc: { key: string; source: RecordRef };
  procore: { event: ProcoreWebhookEvent };
};

export function eventMessage(event: ProcoreWebhookEvent): ProcoreWebhookMessage {
  const target = readTargetOf(event);
  return {
    topic: `procore/webhook/${resourceSlug(event.resourceName)}`,
    payload: {
      eventType: event.eventType,
      resourceName: event.resourceName,
      resourceId: event.resourceId,
      companyId: event.companyId,
      projectId: event.projectId,
      ulid: event.ulid,
      timestamp: event.timestamp,
      payloadVersion: event.payloadVersion,
      relatedResources: event.relatedResources,
      entity: target?.entity ?? null,
      ids: target?.ids ?? [],
    },
    mlc: { key: messageKey(event), source: sourceOf(event) },
    procore: { event },
  };
}

export function describeEvent(event: ProcoreWebhookEvent): string {
  return `${event.resourceName} ${event.eventType} ${event.resourceId} of company ${event.companyId} (${event.ulid})`;
}

// --- One delivery, judged --------------------------------------------------------------------------

export type DeliveryVerdict = { status: 200; events: ProcoreWebhookEvent[]; ignored: number } | { status: 401; problem: string } | { status: 400; problem: string };

export interface DeliveryRules {
  /** The header the hook was created with; undefined: any POST is taken. */
  header: { name: string; value: string } | undefined;
  /** Events from this application (metadata.source_application_id) are answered and dropped: the flow's own writes. */
  ignoreApplication: string | null;
  /** When set, events of another company are answered and dropped. */
  companyId: string | null;
}

export function judgeDelivery(body: Buffer, headers: Record<string, string | string[] | undefined>, rules: DeliveryRules): DeliveryVerdict {
  if (rules.header) {
    const check = checkStaticHeader(headers[rules.header.name.toLowerCase()], rules.header.value, rules.header.name);
    if (!check.ok) return { status: 401, problem: check.problem };
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { status: 400, problem: 'the body is not JSON' };
  }
  const parsed = parseEvents(json);
  if (!parsed.ok) return { status: 400, problem: parsed.problem };
  const kept = parsed.events.filter((e) => {
    if (rules.companyId !== null && e.companyId !== rules.companyId) return false;
    const app = e.metadata?.['source_application_id'];
    return !(rules.ignoreApplication !== null && app !== null && app !== undefined && String(app) === rules.ignoreApplication);
  });
  return { status: 200, events: kept, ignored: parsed.events.length - kept.length };
}

// --- Settings --------------------------------------------------------------------------------------

export const DEFAULT_WEBHOOK_PATH = '/mlc/procore/webhook';
export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_REMEMBERED_EVENTS = 100_000;
const DEFAULT_WINDOW_HOURS = 24;

const fieldsSchema = z.object({
  path: z.string().optional(),
  headerName: z.string().optional(),
  windowHours: z.union([z.number(), z.string()]).optional(),
  ignoreApplication: z.string().optional(),
});

export interface ProcoreWebhookSettings {
  path: string;
  headerName: string;
  windowMs: number;
  ignoreApplication: string | null;
}

export function webhookSettingsFrom(def: unknown): ProcoreWebhookSettings {
  const f = fieldsSchema.parse(def);
  const headerName = (f.headerName ?? '').trim() || 'Authorization';
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(headerName)) throw new Error(`${headerName} is not a header name`);
  return {
    path: webhookPath(f.path, DEFAULT_WEBHOOK_PATH),
    headerName,
    windowMs: windowMsFrom(f.windowHours, DEFAULT_WINDOW_HOURS),
    ignoreApplication: f.ignoreApplication?.trim() || null,
  };
}
