import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * UKG Webhooks send thin events (which employee changed, not what) signed with an HMAC of the raw body.
 * UKG does not publish the header name or format: both are settings, defaulting to the sandbox's
 * `X-UKG-Signature: sha256=<hex>`.
 */
export const webhookEventSchema = z
  .object({
    EventId: z.union([z.number(), z.string()]),
    EventTime: z.string(),
    EventType: z.string(),
    Operation: z.string().optional(),
    Payload: z.object({ CoId: z.string(), EeId: z.string(), IntegrationRecordId: z.unknown().optional() }).passthrough(),
    Tenant: z.string().optional(),
  })
  .passthrough();
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export function signBody(body: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Constant-time check of a `sha256=<hex>` (or bare hex) signature against the raw body. */
export function verifySignature(body: Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const given = header.trim().replace(/^sha256=/i, '');
  if (!/^[0-9a-f]{64}$/i.test(given)) return false;
  const expected = Buffer.from(signBody(body, secret), 'hex');
  return timingSafeEqual(expected, Buffer.from(given.toLowerCase(), 'hex'));
}

/** A body may carry one event or a list of them. */
export function parseEvents(body: unknown): { ok: true; events: WebhookEvent[] } | { ok: false; problem: string } {
  const list = Array.isArray(body) ? body : [body];
  const events: WebhookEvent[] = [];
  for (const item of list) {
    const parsed = webhookEventSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, problem: issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'not a UKG event' };
    }
    events.push(parsed.data);
  }
  return { ok: true, events };
}
