import { childElements, parseXml, startSimulator, textContent, type RunningSimulator, type XmlElement } from '../../../sandbox/kit';
import { OdooSimulator } from '../../../sandbox/odoo';
import { rawRequest, type RawResponse } from '../http-client';

export const DB = 'mlc_demo';
export const ADMIN_KEY = 'mlc-demo-key';
export const READER_KEY = 'mlc-reader-key';
export const ADMIN_UID = 2;
export const READER_UID = 3;
export const PAY_JOURNAL = 4;
export const WAGES_6100 = 19;
export const ACCRUED_WAGES_2100 = 7;

export async function startOdoo(): Promise<RunningSimulator> {
  return startSimulator(new OdooSimulator(), { port: 0 });
}

// ---- XML-RPC, encoded and decoded here independently of the simulator's own code ----------------

export type XmlParam = string | number | boolean | null | XmlParam[] | { [key: string]: XmlParam } | { dateTime: string } | { base64: string } | { double: number };

export function xmlValue(value: XmlParam): string {
  if (value === null) return '<value><nil/></value>';
  if (typeof value === 'boolean') return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
  if (typeof value === 'number') return Number.isInteger(value) ? `<value><int>${value}</int></value>` : `<value><double>${value}</double></value>`;
  if (typeof value === 'string') return `<value><string>${value.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</string></value>`;
  if (Array.isArray(value)) return `<value><array><data>${value.map(xmlValue).join('')}</data></array></value>`;
  if ('dateTime' in value && typeof value.dateTime === 'string') return `<value><dateTime.iso8601>${value.dateTime}</dateTime.iso8601></value>`;
  if ('base64' in value && typeof value.base64 === 'string') return `<value><base64>${value.base64}</base64></value>`;
  if ('double' in value && typeof value.double === 'number') return `<value><double>${value.double}</double></value>`;
  const members = Object.entries(value as Record<string, XmlParam>).map(([name, inner]) => `<member><name>${name}</name>${xmlValue(inner)}</member>`);
  return `<value><struct>${members.join('')}</struct></value>`;
}

export function methodCall(method: string, params: XmlParam[]): string {
  return `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params.map((p) => `<param>${xmlValue(p)}</param>`).join('')}</params></methodCall>`;
}

export async function xmlRpcRaw(url: string, service: string, body: string): Promise<RawResponse> {
  return rawRequest(`${url}/xmlrpc/2/${service}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
}

export type Decoded = string | number | boolean | Decoded[] | { [key: string]: Decoded };

export type XmlRpcOutcome = { result: Decoded } | { fault: { faultCode: number; faultString: string } };

export async function xmlRpc(url: string, service: string, method: string, params: XmlParam[]): Promise<XmlRpcOutcome> {
  const response = await xmlRpcRaw(url, service, methodCall(method, params));
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${response.body}`);
  const root = parseXml(response.body);
  const fault = childElements(root, 'fault')[0];
  if (fault) return { fault: decode(childElements(fault, 'value')[0]!) as { faultCode: number; faultString: string } };
  const param = childElements(childElements(root, 'params')[0]!, 'param')[0]!;
  return { result: decode(childElements(param, 'value')[0]!) };
}

/** execute_kw as admin; the result, or throws with the fault. */
export async function executeKw(url: string, model: string, method: string, args: XmlParam[], kwargs: Record<string, XmlParam> = {}, key = ADMIN_KEY, uid = ADMIN_UID): Promise<Decoded> {
  const outcome = await xmlRpc(url, 'object', 'execute_kw', [DB, uid, key, model, method, args, kwargs]);
  if ('fault' in outcome) throw Object.assign(new Error(outcome.fault.faultString), outcome.fault);
  return outcome.result;
}

function decode(value: XmlElement): Decoded {
  const typed = childElements(value)[0];
  if (!typed) return textContent(value);
  switch (typed.name) {
    case 'int':
    case 'i4':
      return Number(textContent(typed));
    case 'double':
      return Number(textContent(typed));
    case 'boolean':
      return textContent(typed) === '1';
    case 'string':
      return textContent(typed);
    case 'array':
      return childElements(childElements(typed, 'data')[0]!, 'value').map(decode);
    case 'struct':
      return Object.fromEntries(
        childElements(typed, 'member').map((member) => [textContent(childElements(member, 'name')[0]!), decode(childElements(member, 'value')[0]!)]),
      );
    default:
      throw new Error(`unexpected <${typed.name}> in a response`);
  }
}

// ---- JSON-RPC and JSON-2 ------------------------------------------------------------------------

export interface JsonRpcReply {
  jsonrpc: string;
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string; data: { name: string; message: string; arguments: unknown[]; context: unknown; debug: string } };
}

export async function jsonRpc(url: string, service: string, method: string, args: unknown[], id: unknown = 1): Promise<JsonRpcReply> {
  const response = await rawRequest(`${url}/jsonrpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id }),
  });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${response.body}`);
  return JSON.parse(response.body) as JsonRpcReply;
}

export async function json2(
  url: string,
  model: string,
  method: string,
  body: unknown,
  options: { key?: string | null; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; headers: RawResponse['headers'] }> {
  const key = options.key === undefined ? ADMIN_KEY : options.key;
  const response = await rawRequest(`${url}/json/2/${model}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `bearer ${key}` }), ...options.headers },
    body: JSON.stringify(body),
  });
  const isJson = (response.headers['content-type'] ?? '').startsWith('application/json');
  return { status: response.status, body: isJson ? (JSON.parse(response.body) as unknown) : response.body, headers: response.headers };
}

/** A payroll journal entry; unbalanced when debit and credit differ. */
export function payrollEntry(debit: number, credit: number): Record<string, unknown> {
  return {
    move_type: 'entry',
    journal_id: PAY_JOURNAL,
    date: '2026-11-15',
    ref: 'Payroll 2026-11-01..2026-11-15',
    line_ids: [
      [0, 0, { account_id: WAGES_6100, name: 'Wages', debit }],
      [0, 0, { account_id: ACCRUED_WAGES_2100, name: 'Net wages', credit }],
    ],
  };
}
