// The PostgreSQL pool and its errors. The password arrives apart from the connection string (it
// lives in Node-RED's credential store); it is handed to pg and nowhere else, and every message
// that leaves this module is masked, in case a driver message ever echoes it.
import { Pool, type PoolClient } from 'pg';
import { StoreError, maskSecrets, messageOf } from './errors';

export interface PgConnectionConfig {
  connectionString: string;
  password?: string;
  poolSize?: number;
}

export const DEFAULT_POOL_SIZE = 10;
const CONNECT_TIMEOUT_MS = 10_000;

export interface PgConnection {
  pool: Pool;
  /** The server as it may be shown: user@host:port/database, no password. */
  where: string;
  /** Everything to mask out of messages. */
  secrets: string[];
}

export function createPgConnection(config: PgConnectionConfig): PgConnection {
  const url = parseConnectionUrl(config.connectionString);
  const secrets = [config.password, url.password ? decodeURIComponent(url.password) : undefined, url.searchParams.get('password') ?? undefined]
    .filter((s): s is string => typeof s === 'string' && s.length > 0);
  if (config.password) {
    // pg lets a connection string override a separate `password` option (even with an empty one),
    // so the password goes into the URL pg parses, and only there.
    url.password = encodeURIComponent(config.password);
  }
  const poolSize = config.poolSize ?? DEFAULT_POOL_SIZE;
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new StoreError('MLC_STORE_CONFIG', `store: PostgreSQL pool size must be a whole number >= 1, got ${String(poolSize)}`);
  }
  const pool = new Pool({
    connectionString: url.toString(),
    max: poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    application_name: 'ml-connector',
  });
  // An idle connection dropped by the server (restart, failover) is reported here; without a
  // listener it would crash Node-RED. The next query simply opens a new connection.
  pool.on('error', () => undefined);
  return { pool, where: describeServer(url), secrets };
}

function parseConnectionUrl(connectionString: string): URL {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new StoreError('MLC_STORE_CONFIG', 'store: the PostgreSQL connection string must be a URL like postgres://user@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new StoreError('MLC_STORE_CONFIG', `store: the PostgreSQL connection string must start with postgres:// (got ${url.protocol}//)`);
  }
  return url;
}

function describeServer(url: URL): string {
  const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
  return `${user}${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

/** The connection string as it may appear in a message: with any password replaced by ***. */
export function maskConnectionString(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    if (url.searchParams.has('password')) url.searchParams.set('password', '***');
    return url.toString();
  } catch {
    return '(connection string not shown)';
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE']);

/**
 * SQLSTATEs worth retrying the whole transaction for: two transactions each waited on the other
 * (the server aborted one) or a serialization conflict.
 */
export function isRetryable(err: unknown): boolean {
  const code = codeOf(err);
  return code === '40P01' || code === '40001';
}

/** Whether the connection itself is gone, so the client must not go back into the pool. */
export function isConnectionLost(err: unknown): boolean {
  const code = codeOf(err);
  if (code !== undefined && (UNREACHABLE_CODES.has(code) || code.startsWith('08') || code.startsWith('57P'))) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    messageOf(err),
  );
}

export function pgStoreError(err: unknown, connection: Pick<PgConnection, 'where' | 'secrets'>, doing: string): StoreError {
  if (err instanceof StoreError) return err;
  const code = codeOf(err);
  const message = maskSecrets(messageOf(err), connection.secrets);
  // Login refused (28xxx) or no such database (3D000) is as unavailable as a server that is down.
  if (isConnectionLost(err) || code?.startsWith('28') || code === '3D000') {
    return new StoreError('MLC_STORE_UNAVAILABLE', `store: PostgreSQL at ${connection.where} unavailable while ${doing}: ${message}`);
  }
  // PostgreSQL text and JSONB cannot hold U+0000 (or a lone surrogate): that is the caller's data.
  if (code === '22P05' || code === '22021') {
    return new StoreError('MLC_STORE_BAD_INPUT', `store: PostgreSQL cannot keep this value while ${doing}: ${message}`);
  }
  return new StoreError('MLC_STORE_QUERY', `store: PostgreSQL error while ${doing}${code ? ` (SQLSTATE ${code})` : ''}: ${message}`);
}

function codeOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

export type { PoolClient };
