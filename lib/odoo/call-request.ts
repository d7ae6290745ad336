// What the mlc-odoo-call node runs: the node's settings, overridden by the message. Validated here
// because both come from outside (a flow file, a function node upstream).
import { z } from 'zod';
import type { OdooCall } from './types';

const modelName = z.string().regex(/^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'a model name such as res.partner');
const methodName = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/, 'a public method name such as action_post (Odoo refuses names that start with _)');

export const callRequestSchema = z.object({
  model: modelName,
  method: methodName,
  ids: z.array(z.number().int().positive()).optional(),
  args: z.array(z.unknown()).optional(),
  kwargs: z.record(z.string(), z.unknown()).optional(),
});

export type CallRequest = z.infer<typeof callRequestSchema>;

export interface CallSettings {
  model?: string;
  method?: string;
  ids?: number[];
  args?: unknown[];
  kwargs?: Record<string, unknown>;
}

/** Methods that only read: safe to resend after a timeout. */
const READ_METHODS = new Set(['search', 'search_read', 'search_count', 'read', 'fields_get', 'name_search', 'default_get', 'read_group', 'formatted_read_group', 'check_access_rights', 'context_get']);

/**
 * A message that names a method defines the whole call (the node's ids, args and kwargs belong to the
 * node's method and would not fit another); otherwise the message's ids, args and kwargs win over the
 * node's. The first problem is reported.
 */
export function callRequestOf(settings: CallSettings, message: Record<string, unknown>): { ok: true; call: OdooCall } | { ok: false; problem: string } {
  const ownCall = message['method'] !== undefined;
  const pick = <T>(name: keyof CallSettings): T | undefined => {
    if (message[name] !== undefined) return message[name] as T;
    if (ownCall && name !== 'model') return undefined;
    return settings[name] as T | undefined;
  };
  let ids = pick<unknown>('ids');
  if (typeof ids === 'number') ids = [ids];
  const parsed = callRequestSchema.safeParse({ model: pick('model'), method: pick('method'), ids, args: pick('args'), kwargs: pick('kwargs') });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: issue ? `${issue.path.join('.') || 'call'}: ${issue.message}` : 'invalid call' };
  }
  const { model, method } = parsed.data;
  return {
    ok: true,
    call: {
      model,
      method,
      ...(parsed.data.ids ? { ids: parsed.data.ids } : {}),
      ...(parsed.data.args ? { args: parsed.data.args } : {}),
      ...(parsed.data.kwargs ? { kwargs: parsed.data.kwargs } : {}),
      idempotent: READ_METHODS.has(method),
    },
  };
}

/** The node's JSON fields as typed by a user; an empty field means "not set". */
export function parseJsonSetting(name: string, text: string | undefined): { ok: true; value: unknown } | { ok: false; problem: string } {
  if (text === undefined || text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, problem: `${name} is not valid JSON: ${(err as Error).message}` };
  }
}
