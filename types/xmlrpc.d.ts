// The xmlrpc package ships no types. lib/odoo uses only its codec (the HTTP goes through lib/http).
declare module 'xmlrpc/lib/serializer' {
  export function serializeMethodCall(method: string, params: unknown[], encoding?: string): string;
}
declare module 'xmlrpc/lib/deserializer' {
  import type { Readable } from 'node:stream';
  class Deserializer {
    constructor(encoding?: string);
    deserializeMethodResponse(stream: Readable, callback: (error: (Error & { faultCode?: unknown; faultString?: unknown }) | null | undefined, result?: unknown) => void): void;
  }
  export = Deserializer;
}
