import type { IncomingHttpHeaders } from 'node:http';
import { parseEvents, verifySignature, type WebhookEvent } from './webhook';

/**
 * One POST from UKG Webhooks, judged before anything else happens: the signature over the exact bytes
 * first (an unsigned body is not even parsed), then the body. Kept apart from the HTTP glue so the
 * rules can be read, and tested, in one place.
 */
export const DEFAULT_SIGNATURE_HEADER = 'X-UKG-Signature';

export interface DeliveryRules {
  secret: string;
  /** Any case; UKG does not publish the header's name. */
  signatureHeader: string;
}

export type DeliveryVerdict =
  | { status: 202; events: WebhookEvent[] }
  | { status: 401; problem: string }
  | { status: 400; problem: string };

export function judgeDelivery(body: Buffer, headers: IncomingHttpHeaders, rules: DeliveryRules): DeliveryVerdict {
  const name = rules.signatureHeader.trim().toLowerCase();
  const raw = headers[name];
  const header = Array.isArray(raw) ? raw[0] : raw;
  if (header === undefined || header.trim() === '') return { status: 401, problem: `no ${rules.signatureHeader} header` };
  if (!verifySignature(body, header, rules.secret)) return { status: 401, problem: `the ${rules.signatureHeader} signature does not match the body` };
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { status: 400, problem: 'the body is not JSON' };
  }
  const parsed = parseEvents(json);
  if (!parsed.ok) return { status: 400, problem: `not a UKG event: ${parsed.problem}` };
  if (parsed.events.length === 0) return { status: 400, problem: 'no events in the body' };
  return { status: 202, events: parsed.events };
}

/** What the node emits for one event: who changed (to fetch them), and what UKG said about it. */
export interface WebhookEventPayload {
  companyId: string;
  employeeId: string;
  eventType: string;
  operation: string | null;
  eventId: string | number;
  /** As UKG sent it (UKG's date-times carry no offset). */
  eventTime: string;
  tenant: string | null;
  /** The shape mlc-ukg-read takes to fetch just these employees. */
  employees: Array<{ companyId: string; employeeId: string }>;
}

export function eventPayload(event: WebhookEvent): WebhookEventPayload {
  const companyId = event.Payload.CoId;
  const employeeId = event.Payload.EeId;
  return {
    companyId,
    employeeId,
    eventType: event.EventType,
    operation: event.Operation ?? null,
    eventId: event.EventId,
    eventTime: event.EventTime,
    tenant: event.Tenant ?? null,
    employees: [{ companyId, employeeId }],
  };
}

/** The store key that remembers an event across restarts. */
export function eventKey(event: Pick<WebhookEvent, 'EventId'>): string {
  return `ukg:webhook:${String(event.EventId)}`;
}
