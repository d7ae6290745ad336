import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { readBodyBytes } from './body';
import type { LogEntryWriter, LogTags } from './request-log';
import { HttpError } from './response';
import { parseXml, XmlSyntaxError, type XmlElement } from './xml';

export type RouteParams = Record<string, string>;

/**
 * One incoming request as a route handler sees it. The body is read lazily, once, and cached, so a
 * handler may look at `text()` and then `json()` without a second read.
 */
export class SandboxRequest<P extends RouteParams = RouteParams> {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** `http://host:port` as the client addressed us; build absolute links (next-page URLs) from it. */
  readonly origin: string;
  params: P;
  private bodyBytes: Promise<Buffer> | undefined;

  constructor(
    readonly raw: IncomingMessage,
    url: URL,
    private readonly bodyLimitBytes: number,
    private readonly logEntry: Pick<LogEntryWriter, 'recordBody' | 'annotate'>,
  ) {
    this.method = (raw.method ?? 'GET').toUpperCase();
    this.path = url.pathname;
    this.query = url.searchParams;
    this.headers = raw.headers;
    this.origin = url.origin;
    this.params = {} as P;
  }

  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** The media type without parameters, lower case: `application/json`. */
  get contentType(): string {
    return (this.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  }

  bearerToken(): string | undefined {
    const match = /^Bearer\s+(.+)$/i.exec(this.header('authorization') ?? '');
    return match?.[1]?.trim();
  }

  basicAuth(): { user: string; password: string } | undefined {
    const match = /^Basic\s+(.+)$/i.exec(this.header('authorization') ?? '');
    if (!match?.[1]) return undefined;
    const decoded = Buffer.from(match[1].trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }

  bytes(): Promise<Buffer> {
    this.bodyBytes ??= readBodyBytes(this.raw, this.bodyLimitBytes);
    return this.bodyBytes;
  }

  async text(): Promise<string> {
    return (await this.bytes()).toString('utf8');
  }

  /** Parsed JSON as `unknown`: the simulator validates it the way the real system would. Bad JSON → 400. */
  async json(): Promise<unknown> {
    const source = await this.text();
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      throw new HttpError(400, { error: 'invalid_json', message: (error as Error).message });
    }
    this.logEntry.recordBody(value);
    return value;
  }

  async form(): Promise<URLSearchParams> {
    const form = new URLSearchParams(await this.text());
    this.logEntry.recordBody(Object.fromEntries(form));
    return form;
  }

  /** The root element; malformed XML → 400. XML bodies are not copied to the log (see `annotate`). */
  async xml(): Promise<XmlElement> {
    const source = await this.text();
    try {
      return parseXml(source);
    } catch (error) {
      if (error instanceof XmlSyntaxError) throw new HttpError(400, `malformed XML: ${error.message}`);
      throw error;
    }
  }

  /**
   * Adds facts to this request's log entry, e.g. the XML-RPC method name, so tests can count calls
   * per operation when many operations share one URL.
   */
  annotate(tags: LogTags): void {
    this.logEntry.annotate(tags);
  }
}
