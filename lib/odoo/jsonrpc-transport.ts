import { z } from 'zod';
import type { HttpClient } from '../http/client';
import { faultError, protocolError } from './fault-error';
import { RpcSession, type ServiceCall } from './rpc-session';
import type { OdooLogin } from './types';

const envelopeSchema = z.union([
  z.object({ result: z.unknown() }).passthrough(),
  z.object({
    error: z.object({
      code: z.number().optional(),
      message: z.string().optional(),
      data: z.object({ name: z.string().optional(), message: z.string().optional(), debug: z.string().optional() }).passthrough().optional(),
    }),
  }),
]);

/** Legacy JSON-RPC: `POST /jsonrpc` with service and method in params; errors in the body with HTTP 200. */
export function jsonRpcTransport(http: HttpClient, login: OdooLogin): RpcSession {
  let nextId = 1;
  const call: ServiceCall = async (service, method, args, options) => {
    const id = nextId++;
    const response = await http.post('/jsonrpc', {
      json: { jsonrpc: '2.0', method: 'call', id, params: { service, method, args } },
      idempotent: options.idempotent,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const parsed = envelopeSchema.safeParse(response.data);
    if (!parsed.success) throw protocolError(`${service}.${method} over JSON-RPC: the answer is not a JSON-RPC response`, login.configName);
    if ('result' in parsed.data) return parsed.data.result;
    const { error } = parsed.data;
    const methodName = service === 'object' ? (args[4] as string | undefined) : method;
    throw faultError(
      {
        message: error.data?.message ?? error.message ?? 'Odoo Server Error',
        ...(error.data?.name ? { exceptionClass: error.data.name } : {}),
      },
      { configName: login.configName, ...(options.model ? { model: options.model } : {}), ...(methodName ? { method: methodName } : {}) },
    );
  };
  return new RpcSession('jsonrpc', login, call);
}
