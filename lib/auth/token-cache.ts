import type { RequestAuth } from '../http/types';

/** One access token as the token endpoint issued it. */
export interface IssuedToken {
  accessToken: string;
  /** From the response's `expires_in`; undefined when the endpoint gave none. */
  expiresInSeconds?: number;
}

/** Fetches a new token (one grant of one config node). */
export type TokenFetcher = (signal?: AbortSignal) => Promise<IssuedToken>;

export interface TokenCacheOptions {
  configName: string;
  fetchToken: TokenFetcher;
  /** Refresh when less than this much of the token's life remains. Default 5 minutes. */
  refreshMarginMs?: number;
  /** Secrets of the grant (client secret, password), masked out of errors. */
  secrets?: () => ReadonlyArray<string | undefined>;
  now?: () => number;
}

interface CachedToken {
  value: string;
  /** Undefined: the endpoint gave no lifetime, so the token is used until the system rejects it. */
  refreshAt?: number;
}

export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The access token of one config node: fetched on first use, reused until its refresh time, renewed by
 * one fetch however many callers ask at once (single flight), and dropped when the system answers 401.
 */
export class TokenCache implements RequestAuth {
  readonly configName: string;
  private cached: CachedToken | null = null;
  private inflight: Promise<CachedToken> | null = null;
  private readonly marginMs: number;
  private readonly now: () => number;
  /** Counts fetches, for status text and tests. */
  fetches = 0;

  constructor(private readonly options: TokenCacheOptions) {
    this.configName = options.configName;
    this.marginMs = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.now = options.now ?? Date.now;
  }

  async token(signal?: AbortSignal): Promise<string> {
    const cached = this.cached;
    if (cached && (cached.refreshAt === undefined || this.now() < cached.refreshAt)) return cached.value;
    this.inflight ??= this.fetch(signal).finally(() => {
      this.inflight = null;
    });
    return (await this.inflight).value;
  }

  /** Forgets the token if it is still `value` (a 401 to a token already replaced needs no new fetch). */
  invalidate(value?: string): void {
    if (value === undefined || this.cached?.value === value) this.cached = null;
  }

  async headers(signal?: AbortSignal): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.token(signal)}` };
  }

  renew(sent: Readonly<Record<string, string>>): boolean {
    const header = sent['authorization'] ?? '';
    this.invalidate(header.replace(/^Bearer /i, ''));
    return true;
  }

  secrets(): ReadonlyArray<string | undefined> {
    return [...(this.options.secrets?.() ?? []), this.cached?.value];
  }

  private async fetch(signal?: AbortSignal): Promise<CachedToken> {
    const requestedAt = this.now();
    this.fetches += 1;
    const issued = await this.options.fetchToken(signal);
    const token: CachedToken = { value: issued.accessToken };
    if (issued.expiresInSeconds !== undefined) {
      const lifetimeMs = issued.expiresInSeconds * 1000;
      // A token shorter-lived than the margin would otherwise be refreshed on every call: keep half its life.
      const margin = Math.min(this.marginMs, lifetimeMs / 2);
      // Counted from when we asked, not when the answer came: the server's clock started no later.
      token.refreshAt = requestedAt + lifetimeMs - margin;
    }
    this.cached = token;
    return token;
  }
}
