import { z } from 'zod';
import { checkBasic, type BasicCredentials } from '../util/basic-auth';
import { webhookPath, windowMsFrom } from '../util/webhook-settings';
import { PAYLOCITY_WEBHOOK_EVENTS, parseEvents, type AcceptedEvents, type PaylocityWebhookEvent } from './webhook';

/**
 * One POST from Paylocity, judged before anything happens: the Basic credentials first (when the config
 * node has them; a refused body is not even parsed), then the body. Kept apart from the HTTP glue so
 * the rules are read, and tested, in one place.
 */
export type DeliveryVerdict =
  | { status: 200; events: PaylocityWebhookEvent[] }
  | { status: 401; problem: string }
  | { status: 400; problem: string };

export interface DeliveryRules {
  /** Undefined: the endpoint takes any POST (Paylocity's Basic auth is optional). */
  credentials: BasicCredentials | undefined;
  accepts: AcceptedEvents;
}

export function judgeDelivery(body: Buffer, authorization: string | undefined, rules: DeliveryRules): DeliveryVerdict {
  if (rules.credentials) {
    const check = checkBasic(authorization, rules.credentials);
    if (!check.ok) return { status: 401, problem: check.problem };
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { status: 400, problem: 'the body is not JSON' };
  }
  const parsed = parseEvents(json, rules.accepts);
  return parsed.ok ? { status: 200, events: parsed.events } : { status: 400, problem: parsed.problem };
}

// --- Settings -----------------------------------------------------------------------------------------

const DEFAULT_WINDOW_HOURS = 24;
/** Far above a day's events of a large company; ~10 MB at most. */
export const MAX_REMEMBERED_EVENTS = 100_000;
/** A New Hire body is about a kilobyte. */
export const MAX_BODY_BYTES = 256 * 1024;

const fieldsSchema = z.object({
  path: z.string().optional(),
  events: z.string().optional(),
  windowHours: z.union([z.number(), z.string()]).optional(),
});

export interface PaylocityWebhookSettings {
  path: string;
  accepts: AcceptedEvents;
  windowMs: number;
}

export const DEFAULT_WEBHOOK_PATH = '/mlc/paylocity/webhook';

export function webhookSettingsFrom(def: unknown): PaylocityWebhookSettings {
  const fields = fieldsSchema.parse(def);
  const events = (fields.events ?? '').trim() || 'all';
  if (events !== 'all' && !(PAYLOCITY_WEBHOOK_EVENTS as readonly string[]).includes(events)) {
    throw new Error(`events must be all or one of ${PAYLOCITY_WEBHOOK_EVENTS.join(', ')}, not ${events}`);
  }
  return {
    path: webhookPath(fields.path, events === 'all' ? DEFAULT_WEBHOOK_PATH : `/mlc/paylocity/${events}`),
    accepts: events as AcceptedEvents,
    windowMs: windowMsFrom(fields.windowHours, DEFAULT_WINDOW_HOURS),
  };
}
