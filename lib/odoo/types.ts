/** One model method call, the same on every transport. */
export interface OdooCall {
  model: string;
  method: string;
  /** The records a record method works on (`read`, `write`, `action_post`); omitted for model methods. */
  ids?: number[];
  /** Positional arguments after the ids. JSON-2 takes only named ones: see json2-params.ts. */
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  /** Reads are safe to resend after a timeout; writes are not, unless marked. */
  idempotent?: boolean;
  signal?: AbortSignal;
}

export interface ServerVersion {
  /** '19.0', 'saas~18.3'. */
  version: string;
  major: number;
  info: unknown[];
}

export type TransportKind = 'json2' | 'xmlrpc' | 'jsonrpc';

export interface OdooTransport {
  readonly kind: TransportKind;
  version(): Promise<ServerVersion>;
  /** The uid of the configured user, logging in when needed. */
  uid(): Promise<number>;
  execute(call: OdooCall): Promise<unknown>;
}

export interface OdooLogin {
  configName: string;
  db: string;
  username: string;
  apiKey: string;
}
