import type { HttpClient } from '../http/client';
import { faultError, protocolError } from './fault-error';
import { parseTraceback } from './errors';
import { RpcSession, type ServiceCall } from './rpc-session';
import type { OdooLogin } from './types';
import { decodeMethodResponse, encodeMethodCall } from './xmlrpc-codec';

/** XML-RPC: `POST /xmlrpc/2/common` and `/xmlrpc/2/object`; faults come back as HTTP 200. */
export function xmlRpcTransport(http: HttpClient, login: OdooLogin): RpcSession {
  const call: ServiceCall = async (service, method, args, options) => {
    const response = await http.post<string>(`/xmlrpc/2/${service}`, {
      body: encodeMethodCall(method, args),
      headers: { 'content-type': 'text/xml; charset=utf-8', accept: 'text/xml' },
      responseType: 'text',
      idempotent: options.idempotent,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let answer;
    try {
      answer = await decodeMethodResponse(response.data);
    } catch {
      throw protocolError(`${service}.${method} over XML-RPC: the answer is not XML-RPC (is the URL the Odoo server's base URL?)`, login.configName);
    }
    if (answer.ok) return answer.value;
    const code = typeof answer.faultCode === 'number' ? answer.faultCode : Number(answer.faultCode);
    // Code 1 carries a traceback; 2-4 carry the message alone (xmlrpc_handle_exception_int).
    const parsed = code === 1 || Number.isNaN(code) ? parseTraceback(answer.faultString) : { message: answer.faultString };
    const method_ = service === 'object' ? (args[4] as string | undefined) : method;
    throw faultError(
      { ...parsed, ...(Number.isNaN(code) ? {} : { xmlRpcCode: code }) },
      { configName: login.configName, ...(options.model ? { model: options.model } : {}), ...(method_ ? { method: method_ } : {}) },
    );
  };
  return new RpcSession('xmlrpc', login, call);
}
