import { json, setHeader, text, type JsonValue, type Router, type SandboxRequest, type SandboxResponse } from '../../kit';
import type { OdooCallFaults } from '../call-faults';
import type { OdooEngine, OdooValue } from '../engine';
import { wrongContentTypePage } from './html-errors';
import { parseJsonBody } from './json-body';
import { missingArguments, pyTypeName } from './python-calls';
import { asRpcFailure, failureClass, jsonRpcErrorDataFor, PythonError, type RpcFailure } from './python-error';
import { dispatchRpc } from './services';

const JSON_MIMETYPES = new Set(['application/json', 'application/json-rpc']);

/**
 * Odoo's `type='jsonrpc'` routes: `POST /jsonrpc` (the common/object/db services) and
 * `POST /web/webclient/version_info`. Errors travel in the body with HTTP 200.
 *
 * The request body is deliberately kept out of the request log: `args` carries the password or API
 * key positionally, where the log's key-name masking cannot see it.
 */
export function registerJsonRpc(router: Router, engine: OdooEngine, callFaults: OdooCallFaults): void {
  const errorCode = jsonRpcErrorCode(engine.serverVersion);

  router.post('/jsonrpc', async (request) => {
    let modelCall: { model: string; method: string } | undefined;
    let committed = false;
    const answer = await handleJsonRpc(request, '/jsonrpc', errorCode, (params) => {
      const missing = ['service', 'method', 'args'].filter((name) => !(name in params));
      if (missing.length > 0) throw missingArguments('JSONRPC.jsonrpc', missing);
      const { service, method, args } = params;
      if (typeof service !== 'string') throw new PythonError('builtins.KeyError', String(service));
      if (typeof method !== 'string') throw new PythonError('builtins.TypeError', `can only concatenate str (not "${pyTypeName(method)}") to str`);
      if (!Array.isArray(args)) throw new PythonError('builtins.TypeError', `dispatch() argument after * must be an iterable, not ${pyTypeName(args)}`);
      const result = dispatchRpc(engine, { service, method, params: args, paramsKind: 'list' }, (tags) => {
        request.annotate(tags);
        if (typeof tags['model'] === 'string' && typeof tags['method'] === 'string') modelCall = { model: tags['model'], method: tags['method'] };
      });
      committed = true;
      return result;
    });
    return committed && modelCall ? callFaults.answer(request, modelCall, answer) : answer;
  });

  router.post('/web/webclient/version_info', (request) =>
    handleJsonRpc(request, '/web/webclient/version_info', errorCode, () => {
      request.annotate({ service: 'web', rpcMethod: 'version_info' });
      return engine.version();
    }),
  );
}

/** Odoo 19's dispatcher says 0 ("we don't care of this code"); 17 and before said 200. */
export function jsonRpcErrorCode(serverVersion: string): number {
  return Number.parseInt(serverVersion, 10) >= 19 ? 0 : 200;
}

/**
 * The envelope `JsonRPCDispatcher.handle_error` answers (HTTP 200): code 404 "404: Not Found" for a
 * werkzeug NotFound, 100 "Odoo Session Expired" for a SessionExpiredException, otherwise the version's
 * generic code with "Odoo Server Error"; `data` is `serialize_exception` (name, message, arguments,
 * context, debug).
 */
export function jsonRpcErrorEnvelope(failure: RpcFailure, errorCode: number): { code: number; message: string; data: JsonValue } {
  const data = jsonRpcErrorDataFor(failure) as JsonValue;
  const name = failureClass(failure);
  if (name === 'werkzeug.exceptions.NotFound') return { code: 404, message: '404: Not Found', data };
  if (name === SESSION_EXPIRED) return { code: 100, message: 'Odoo Session Expired', data };
  return { code: errorCode, message: 'Odoo Server Error', data };
}

/** `odoo.http.SessionExpiredException`, raised by `auth='user'` routes without a valid session. */
export const SESSION_EXPIRED = 'odoo.http.SessionExpiredException';

export async function handleJsonRpc(
  request: SandboxRequest,
  route: string,
  errorCode: number,
  endpoint: (params: Record<string, unknown>) => OdooValue,
): Promise<SandboxResponse> {
  request.annotate({ transport: 'jsonrpc' });
  if (!JSON_MIMETYPES.has(request.contentType)) return wrongContentTypePage(route, 'jsonrpc');

  // Both of these bypass the JSON-RPC error handler in Odoo (abort with a bare Response).
  const parsed = parseJsonBody(await request.text());
  if (!parsed.ok) return plainBadRequest('Invalid JSON data');
  if (!isObject(parsed.value)) return plainBadRequest('Invalid JSON-RPC data');
  const body = parsed.value;
  const id = (body['id'] ?? null) as JsonValue;

  try {
    const result = endpoint(paramsOf(body['params']));
    // `_response` leaves out `result` when it is None.
    return json(result === null ? { jsonrpc: '2.0', id } : { jsonrpc: '2.0', id, result });
  } catch (error) {
    const failure: RpcFailure = asRpcFailure(error);
    request.annotate({ fault: failureClass(failure) });
    return json({ jsonrpc: '2.0', id, error: jsonRpcErrorEnvelope(failure, errorCode) });
  }
}

/** `dict(jsonrequest.get('params', {}))`: anything but an object fails the way dict() does. */
function paramsOf(value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (isObject(value)) return value;
  if (Array.isArray(value)) throw new PythonError('builtins.TypeError', 'cannot convert dictionary update sequence element #0 to a sequence');
  if (typeof value === 'string') throw new PythonError('builtins.ValueError', `dictionary update sequence element #0 has length 1; 2 is required`);
  throw new PythonError('builtins.TypeError', `'${pyTypeName(value)}' object is not iterable`);
}

function plainBadRequest(message: string): SandboxResponse {
  const response = text(message, { status: 400 });
  // Odoo's Response defaults to text/html, even for a plain sentence.
  setHeader(response, 'content-type', 'text/html; charset=utf-8');
  return response;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
