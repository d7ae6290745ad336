import { Readable } from 'node:stream';
import Deserializer = require('xmlrpc/lib/deserializer');
import { serializeMethodCall } from 'xmlrpc/lib/serializer';

/** What an XML-RPC answer came to: a value, or a fault with Odoo's code and text. */
export type XmlRpcAnswer = { ok: true; value: unknown } | { ok: false; faultCode: unknown; faultString: string };

export function encodeMethodCall(method: string, params: unknown[]): string {
  return serializeMethodCall(method, params.map(toWire));
}

/** Rejects only when the body is not an XML-RPC response at all; a fault is an answer. */
export function decodeMethodResponse(body: string): Promise<XmlRpcAnswer> {
  return new Promise((resolve, reject) => {
    new Deserializer().deserializeMethodResponse(Readable.from([body]), (error, result) => {
      if (!error) {
        resolve({ ok: true, value: result });
        return;
      }
      if (error.faultCode !== undefined || error.faultString !== undefined) {
        resolve({ ok: false, faultCode: error.faultCode, faultString: String(error.faultString ?? '') });
        return;
      }
      reject(error);
    });
  });
}

/**
 * The codec writes JavaScript `undefined` as nothing at all and a whole number as <int>; Odoo wants
 * absent values left out of structs, and Python's xmlrpc reads any <int> width, so only undefined needs care.
 */
function toWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : toWire(item)));
  if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toWire(item);
    return out;
  }
  return value;
}
