// Company networks reach the internet through a proxy named in HTTP_PROXY / HTTPS_PROXY (either case),
// with NO_PROXY listing the hosts reached directly: the convention curl and most tools follow. A plain
// http target goes to the proxy in absolute form (`GET http://host/path`); an https target goes through
// a CONNECT tunnel, so TLS runs end to end with the system and the proxy sees only the host name.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';

export interface ProxySettings {
  http: URL | null;
  https: URL | null;
  /** NO_PROXY entries, lower-cased: "*", a host, ".domain" or "domain" (its subdomains too), each with an optional ":port". */
  bypass: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** The proxies the environment names; a value that is not a URL is ignored rather than failing every call. */
export function proxySettingsFrom(env: Env = process.env): ProxySettings {
  const read = (name: string): URL | null => {
    const value = (env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? '').trim();
    if (value === '') return null;
    try {
      const url = new URL(value.includes('://') ? value : `http://${value}`);
      // A proxy is spoken to in plain HTTP (CONNECT for https targets), as curl does by default.
      return url.protocol === 'http:' ? url : null;
    } catch {
      return null;
    }
  };
  const bypass = (env['no_proxy'] ?? env['NO_PROXY'] ?? '')
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  return { http: read('http_proxy'), https: read('https_proxy'), bypass };
}

/** The proxy for this target, or null to connect directly. */
export function proxyFor(settings: ProxySettings, target: URL): URL | null {
  const proxy = target.protocol === 'https:' ? settings.https : settings.http;
  if (!proxy) return null;
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const entry of settings.bypass) {
    if (entry === '*') return null;
    const [name, entryPort] = splitHostPort(entry);
    if (entryPort !== null && entryPort !== port) continue;
    const domain = name.startsWith('*.') ? name.slice(2) : name.startsWith('.') ? name.slice(1) : name;
    if (host === domain || host.endsWith(`.${domain}`)) return null;
  }
  return proxy;
}

function splitHostPort(entry: string): [string, string | null] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1] ?? '', bracketed[2] ?? null];
  const colon = entry.lastIndexOf(':');
  // More than one colon without brackets: an IPv6 address, no port.
  if (colon > 0 && entry.indexOf(':') === colon && /^\d+$/.test(entry.slice(colon + 1))) return [entry.slice(0, colon), entry.slice(colon + 1)];
  return [entry, null];
}

/** Proxy-Authorization for a proxy URL that carries a user (and password). */
export function proxyAuthorization(proxy: URL): Record<string, string> {
  if (proxy.username === '') return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/**
 * Keep-alive https connections through a CONNECT tunnel: each new connection asks the proxy for a
 * tunnel to the target, then speaks TLS to the target inside it. The pool keys by target as usual.
 */
export class TunnelingAgent extends HttpsAgent {
  constructor(
    private readonly proxy: URL,
    options: AgentOptions,
    /** How long the proxy may take to open a tunnel; the request waiting for it has its own deadline too. */
    private readonly tunnelTimeoutMs = 30_000,
  ) {
    super(options);
  }

  override createConnection(options: RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const host = options.host ?? options.servername ?? 'localhost';
    const port = Number(options.port ?? 443);
    const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const connect = httpRequest({
      host: this.proxy.hostname,
      port: this.proxy.port || 80,
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...proxyAuthorization(this.proxy) },
      agent: false,
    });
    // The agent's callback takes no socket with an error; its type says otherwise.
    const fail = (err: Error): void => callback?.(err, undefined as unknown as Duplex);
    connect.once('connect', (answer: IncomingMessage, socket) => {
      if (answer.statusCode !== 200) {
        socket.destroy();
        fail(Object.assign(new Error(`the proxy ${this.proxy.host} refused a tunnel to ${authority} (${answer.statusCode ?? 0})`), { code: 'EPROXY' }));
        return;
      }
      // The TLS settings the agent and request carry (trusted CAs, client certificate), not the request's own fields.
      const { ca, cert, key, pfx, passphrase, rejectUnauthorized, minVersion, maxVersion, ciphers } = options;
      const tlsOptions = Object.fromEntries(Object.entries({ ca, cert, key, pfx, passphrase, rejectUnauthorized, minVersion, maxVersion, ciphers }).filter(([, v]) => v !== undefined));
      const secure = tlsConnect({ ...tlsOptions, socket, servername: options.servername ?? host });
      callback?.(null, secure);
    });
    connect.once('error', fail);
    // Without it a proxy that never answers would hold this socket after the request gave up on it.
    connect.setTimeout(this.tunnelTimeoutMs, () =>
      connect.destroy(Object.assign(new Error(`the proxy ${this.proxy.host} opened no tunnel to ${authority} within ${this.tunnelTimeoutMs} ms`), { code: 'ETIMEDOUT' })),
    );
    connect.end();
    return undefined;
  }
}
