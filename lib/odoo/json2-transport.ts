import { z } from 'zod';
import type { HttpClient } from '../http/client';
import { faultError, protocolError } from './fault-error';
import { json2Body } from './json2-params';
import type { OdooCall, OdooLogin, OdooTransport, ServerVersion } from './types';
import { parseVersion } from './version';

const errorBodySchema = z.object({ name: z.string().optional(), message: z.string().optional() }).passthrough();

/**
 * JSON-2 (Odoo 19+): `POST /json/2/<model>/<method>` with the API key as bearer token and named
 * arguments; errors as HTTP statuses with a JSON body. The HTTP client is built with the bearer auth.
 */
export class Json2Transport implements OdooTransport {
  readonly kind = 'json2' as const;
  private uidPromise: Promise<number> | null = null;

  constructor(
    private readonly http: HttpClient,
    private readonly login: OdooLogin,
  ) {}

  async version(): Promise<ServerVersion> {
    const response = await this.http.get('/web/version');
    return parseVersion(response.data, this.login.configName);
  }

  uid(): Promise<number> {
    this.uidPromise ??= this.execute({ model: 'res.users', method: 'context_get', idempotent: true }).then(
      (context) => {
        const uid = (context as { uid?: unknown } | null)?.uid;
        if (typeof uid !== 'number') throw protocolError('res.users.context_get over JSON-2 gave no uid', this.login.configName);
        return uid;
      },
      (err: unknown) => {
        this.uidPromise = null;
        throw err;
      },
    );
    return this.uidPromise;
  }

  async execute(call: OdooCall): Promise<unknown> {
    const body = json2Body(call.method, call.ids, call.args, call.kwargs);
    const response = await this.http.post<string>(`/json/2/${encodeURIComponent(call.model)}/${encodeURIComponent(call.method)}`, {
      json: body,
      responseType: 'text',
      headers: { 'x-odoo-database': this.login.db },
      idempotent: call.idempotent ?? false,
      // Odoo's refusals carry its exception in the body; 429 and 502-504 stay HTTP errors (retried).
      acceptStatuses: ODOO_ERROR_STATUSES,
      ...(call.signal ? { signal: call.signal } : {}),
    });
    const parsed = parseJson(response.data);
    if (response.status < 300) {
      if (!parsed.ok) throw protocolError(`${call.model}.${call.method} over JSON-2: the answer is not JSON`, this.login.configName);
      return parsed.value;
    }
    // A wrong X-Odoo-Database gets an HTML page, not a JSON error.
    if (!parsed.ok) {
      throw faultError(
        { message: `HTTP ${response.status}: ${textOf(response.data)}`, httpStatus: response.status },
        { configName: this.login.configName, model: call.model, method: call.method },
      );
    }
    const fields = errorBodySchema.safeParse(parsed.value);
    const name = fields.success ? fields.data.name : undefined;
    const message = fields.success ? fields.data.message : undefined;
    throw faultError(
      { message: message ?? `HTTP ${response.status}`, httpStatus: response.status, ...(name ? { exceptionClass: name } : {}) },
      { configName: this.login.configName, model: call.model, method: call.method },
    );
  }
}

const ODOO_ERROR_STATUSES = [400, 401, 403, 404, 409, 415, 422, 500];

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function textOf(html: string): string {
  const text = html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length <= 200 ? text : `${text.slice(0, 199)}…`;
}
