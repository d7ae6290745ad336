// One HTTP exchange over Node's own http/https, for HttpClient: the request out, the whole answer in
// (decompressed, bounded in size), or a TransportError naming what went wrong on the wire. Nothing
// here retries, judges a status or follows a redirect; a 3xx comes back as the answer it is.
//
// Node's modules rather than a general-purpose library: each request went through a library's config
// merging, proxy-from-environment lookup and promise-chained interceptors, a fixed cost that showed on
// every one of the 20,000 calls of a UKG two-pass read.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompress, gunzip, inflate, type InputType, type ZlibOptions } from 'node:zlib';
import { proxyAuthorization, proxyFor, proxySettingsFrom, TunnelingAgent, type ProxySettings } from './proxy';

export interface WireAnswer {
  status: number;
  /** Names lower-cased; a header sent several times is joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  signal: AbortSignal;
}

/** `tooLarge`: the answer passed the size limit; otherwise the socket's code when there is one (ECONNREFUSED, ECONNRESET...). */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly socketCode: string | undefined,
    readonly tooLarge = false,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

type Decompress = (buffer: InputType, options: ZlibOptions, callback: (err: Error | null, result: Buffer) => void) => void;

const DECOMPRESSORS: Readonly<Record<string, Decompress>> = {
  gzip: gunzip,
  'x-gzip': gunzip,
  deflate: inflate,
  br: brotliDecompress as unknown as Decompress,
};

export class Transport {
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;
  private readonly proxies: ProxySettings;
  /** Made when a proxy is first used: connections to the proxy itself, and tunnels through it. */
  private proxyAgent: HttpAgent | null = null;
  private tunnelAgent: TunnelingAgent | null = null;

  constructor(
    private readonly maxResponseBytes: number,
    private readonly maxSockets: number,
    private readonly timeoutMs: number,
  ) {
    this.httpAgent = new HttpAgent({ keepAlive: true, maxSockets });
    this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets });
    // Read once per client (a config node's life): the environment of a running Node-RED does not change.
    this.proxies = proxySettingsFrom();
  }

  send(request: WireRequest): Promise<WireAnswer> {
    return new Promise<WireAnswer>((resolve, reject) => {
      const target = new URL(request.url);
      const secure = target.protocol === 'https:';
      const headers: Record<string, string | number> = { 'accept-encoding': 'gzip, deflate, br', ...request.headers };
      if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
      let settled = false;
      const fail = (err: TransportError): void => {
        if (settled) return;
        settled = true;
        outgoing.destroy();
        reject(err);
      };
      const proxy = proxyFor(this.proxies, target);
      const onAnswer = (answer: IncomingMessage): void => {
          this.collect(answer, request.method).then(
            (body) => {
              if (settled) return;
              settled = true;
              resolve({ status: answer.statusCode ?? 0, headers: joinedHeaders(answer.headers), body });
            },
            (err: unknown) => fail(asTransportError(err)),
          );
      };
      const common = { method: request.method, signal: request.signal };
      const outgoing = !proxy
        ? (secure ? httpsRequest : httpRequest)(target, { ...common, headers, agent: secure ? this.httpsAgent : this.httpAgent }, onAnswer)
        : secure
          ? httpsRequest(target, { ...common, headers, agent: this.tunnelThrough(proxy) }, onAnswer)
          : // Absolute form to the proxy; the target's Host header as the target would get it.
            httpRequest(
              { ...common, host: proxy.hostname, port: proxy.port || 80, path: target.href, headers: { ...headers, host: target.host, ...proxyAuthorization(proxy) }, agent: this.proxyConnections() },
              onAnswer,
            );
      outgoing.on('error', (err) => fail(asTransportError(err)));
      outgoing.end(request.body);
    });
  }

  /** Closes pooled connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    this.proxyAgent?.destroy();
    this.tunnelAgent?.destroy();
  }

  private proxyConnections(): HttpAgent {
    this.proxyAgent ??= new HttpAgent({ keepAlive: true, maxSockets: this.maxSockets });
    return this.proxyAgent;
  }

  private tunnelThrough(proxy: URL): TunnelingAgent {
    this.tunnelAgent ??= new TunnelingAgent(proxy, { keepAlive: true, maxSockets: this.maxSockets }, this.timeoutMs);
    return this.tunnelAgent;
  }

  private async collect(answer: IncomingMessage, method: string): Promise<Buffer> {
    const limit = this.maxResponseBytes;
    const tooLarge = (): TransportError => new TransportError(`answered with more than ${limit} bytes`, undefined, true);
    const declared = Number(answer.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      answer.destroy();
      throw tooLarge();
    }
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      answer.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          answer.destroy();
          reject(tooLarge());
          return;
        }
        chunks.push(chunk);
      });
      answer.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
      answer.on('error', reject);
      // A connection closed before the whole body came: no 'end', and on some versions no 'error' either.
      answer.on('close', () => {
        if (!answer.complete) reject(new TransportError('the answer was cut off before its end', 'ECONNRESET'));
      });
    });
    const encoding = String(answer.headers['content-encoding'] ?? '').trim().toLowerCase();
    const decompress = DECOMPRESSORS[encoding];
    if (!decompress || raw.length === 0 || method === 'HEAD') return raw;
    return new Promise<Buffer>((resolve, reject) => {
      decompress(raw, { maxOutputLength: limit }, (err, result) => {
        if (!err) resolve(result);
        else if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') reject(tooLarge());
        else reject(new TransportError(`answered with a body that does not decode as ${encoding}: ${err.message}`, undefined));
      });
    });
  }
}

function asTransportError(err: unknown): TransportError {
  if (err instanceof TransportError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  const socketCode = typeof cause === 'string' ? cause : typeof code === 'string' ? code : undefined;
  return new TransportError(err instanceof Error ? err.message : String(err), socketCode);
}

function joinedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
