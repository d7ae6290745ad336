import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { HttpClient, HttpError, type HttpClientOptions, type RetryEvent } from '../../lib/http';
import { ApiSimulator } from './api-simulator';

/** Waits are recorded, and shortened to nothing, so retry tests run fast but see the delays asked for. */
function recordingSleep(): { delays: number[]; sleep: (ms: number, signal?: AbortSignal) => Promise<void> } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms, signal) => {
      delays.push(ms);
      if (signal?.aborted) throw signal.reason;
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof HttpError, `expected an HttpError, got ${inspect(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('lib/http client against a real socket', () => {
  const api = new ApiSimulator();
  let sim: RunningSimulator;
  let clients: HttpClient[] = [];
  const client = (options: Partial<HttpClientOptions> = {}): HttpClient => {
    const made = new HttpClient({ system: 'testapi', baseUrl: sim.url, retry: { maxAttempts: 4, baseDelayMs: 100 }, ...options });
    clients.push(made);
    return made;
  };

  before(async () => {
    sim = await startSimulator(api, { port: 0 });
  });
  beforeEach(() => {
    sim.reset();
    for (const made of clients) made.close();
    clients = [];
  });
  after(async () => {
    for (const made of clients) made.close();
    await sim.close();
  });

  it('sends query parameters, keeps a base path prefix, and parses JSON', async () => {
    const prefixed = client({ baseUrl: `${sim.url}/open/` });
    const response = await prefixed.get<{ query: Record<string, string>; ok: boolean }>('/items', { query: { page: 2, per_Page: 50, skip: undefined } });
    assert.equal(response.status, 200);
    assert.equal(response.attempts, 1);
    assert.deepEqual(response.data, { query: { page: '2', per_Page: '50' }, ok: true });
    assert.match(response.headers['content-type'] ?? '', /application\/json/);
  });

  it('answers 204 with null data, and gives text and bytes when asked', async () => {
    assert.equal((await client().get('/open/empty')).data, null);
    assert.match((await client().get<string>('/open/html', { responseType: 'text' })).data, /temporarily/);
    assert.ok(Buffer.isBuffer((await client().get('/open/html', { responseType: 'buffer' })).data));
  });

  it('retries a GET after 500 and 503, with full-jitter backoff that doubles its cap', async () => {
    sim.faults.add([
      { kind: 'status', status: 500, path: '/open/items' },
      { kind: 'status', status: 503, path: '/open/items' },
    ]);
    const { delays, sleep } = recordingSleep();
    const events: RetryEvent[] = [];
    const response = await client({ sleep, random: () => 0.5, onRetry: (event) => events.push(event) }).get('/open/items');
    assert.equal(response.attempts, 3);
    assert.equal(api.hits('open-list'), 1, 'faults answered the first two before the route');
    assert.deepEqual(delays, [50, 100], 'half of 100 ms, then half of 200 ms');
    assert.deepEqual(
      events.map((event) => [event.attempt, event.reason, event.path]),
      [
        [1, '500', '/open/items'],
        [2, '503', '/open/items'],
      ],
    );
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    sim.faults.add({ kind: 'status', status: 429, retryAfter: 2, path: '/open/items' });
    const { delays, sleep } = recordingSleep();
    await client({ sleep }).get('/open/items');
    sim.clock.set('2026-12-01T10:00:00.000Z', { running: false });
    await client({ sleep, now: () => Date.parse('2026-12-01T10:00:00.000Z') }).get('/open/retry-date');
    assert.deepEqual(delays, [2000, 3000]);
  });

  it('waits at least the advised pause after a 429 without Retry-After (UKG sends none), backing off above it', async () => {
    sim.faults.add({ kind: 'status', status: 429, path: '/open/items', times: 5, body: { message: 'Too Many Requests' } });
    const { delays, sleep } = recordingSleep();
    await client({ sleep, random: () => 0.999, retry: { rateLimitWaitMs: 1000, baseDelayMs: 500, maxAttempts: 6 } }).get('/open/items');
    assert.deepEqual(delays, [1000, 1000, 1998, 3996, 7992], "max(1 s, jittered cap 500, 1000, 2000, 4000, 8000 ms)");
  });

  it('stops after maxAttempts with the status, the system message and the attempt count', async () => {
    sim.faults.add({ kind: 'status', status: 502, path: '/open/items', times: 10, body: { error: { message: 'upstream down' } } });
    const { sleep } = recordingSleep();
    const err = await rejection(client({ sleep, retry: { maxAttempts: 3 } }).get('/open/items'));
    assert.equal(err.code, 'MLC_HTTP_SERVER');
    assert.equal(err.status, 502);
    assert.equal(err.attempts, 3);
    assert.equal(err.transient, true);
    assert.equal(err.systemMessage, 'upstream down');
    assert.equal(err.message, 'testapi: GET /open/items answered 502: upstream down (after 3 attempts)');
  });

  it('never waits past the total time bound: a long Retry-After fails at once and says how long', async () => {
    sim.faults.add({ kind: 'status', status: 503, retryAfter: 600, path: '/open/items' });
    const { delays, sleep } = recordingSleep();
    const err = await rejection(client({ sleep, retry: { maxElapsedMs: 10_000 } }).get('/open/items'));
    assert.deepEqual(delays, []);
    assert.equal(err.retryAfterMs, 600_000);
    assert.equal(err.attempts, 1);
  });

  it('does not resend a POST after a 5xx or a timeout unless the caller marks it idempotent', async () => {
    const { sleep } = recordingSleep();
    sim.faults.add({ kind: 'status', status: 500, path: '/open/items', method: 'POST' });
    const err = await rejection(client({ sleep }).post('/open/items', { json: { n: 1 } }));
    assert.equal(err.attempts, 1);
    assert.equal(sim.log.count({ path: '/open/items', method: 'POST' }), 1);

    sim.faults.add({ kind: 'status', status: 500, path: '/open/items', method: 'POST' });
    const response = await client({ sleep }).post<{ created: unknown }>('/open/items', { json: { n: 2 }, idempotent: true });
    assert.equal(response.attempts, 2);
    assert.deepEqual(response.data.created, { n: 2 });
  });

  it('resends a POST after a 429, which the server refused before acting on it', async () => {
    sim.faults.add({ kind: 'status', status: 429, retryAfter: 1, path: '/open/items', method: 'POST' });
    const { sleep } = recordingSleep();
    const response = await client({ sleep }).post('/open/items', { json: { n: 3 } });
    assert.equal(response.attempts, 2);
    assert.equal(api.hits('open-create'), 1);
  });

  it('times out a hung request and retries it', async () => {
    sim.faults.add({ kind: 'hang', path: '/open/items', closeAfterMs: 5000 });
    const { sleep } = recordingSleep();
    const response = await client({ sleep, timeoutMs: 300 }).get('/open/items');
    assert.equal(response.attempts, 2);
    sim.faults.add({ kind: 'hang', path: '/open/items', closeAfterMs: 5000, times: 5 });
    const err = await rejection(client({ sleep, timeoutMs: 200, retry: { maxAttempts: 2 } }).get('/open/items'));
    assert.equal(err.code, 'MLC_HTTP_TIMEOUT');
    assert.equal(err.message, 'testapi: GET /open/items got no answer within 200 ms (after 2 attempts)');
  });

  it('retries a dropped connection and a body cut off midway', async () => {
    const { sleep } = recordingSleep();
    sim.faults.add({ kind: 'drop', path: '/open/items' });
    assert.equal((await client({ sleep }).get('/open/items')).attempts, 2);
    sim.faults.add({ kind: 'reset-mid-body', path: '/open/items', afterBytes: 5 });
    assert.equal((await client({ sleep }).get('/open/items')).attempts, 2);
    sim.faults.add({ kind: 'drop', path: '/open/items', times: 5 });
    const err = await rejection(client({ sleep, retry: { maxAttempts: 2 } }).get('/open/items'));
    assert.equal(err.code, 'MLC_HTTP_NETWORK');
  });

  it('resends even a POST when the connection was refused, since nothing reached a server', async () => {
    const port = await closedPort();
    const { delays, sleep } = recordingSleep();
    const refused = new HttpClient({ system: 'testapi', baseUrl: `http://127.0.0.1:${port}`, retry: { maxAttempts: 3 }, sleep });
    clients.push(refused);
    const err = await rejection(refused.post('/x', { json: {} }));
    assert.equal(err.code, 'MLC_HTTP_NETWORK');
    assert.equal(err.attempts, 3);
    assert.equal(delays.length, 2);
    assert.match(err.message, /ECONNREFUSED/);
  });

  it('reports 4xx answers at once with the system\'s own message', async () => {
    const err = await rejection(client().get('/open/validation'));
    assert.equal(err.code, 'MLC_HTTP_REJECTED');
    assert.equal(err.status, 422);
    assert.equal(err.attempts, 1);
    assert.equal(err.transient, false);
    assert.equal(err.systemMessage, 'Invalid field: Field "x" does not exist');
    const missing = await rejection(client().get('/open/nothing-here'));
    assert.equal(missing.code, 'MLC_HTTP_NOT_FOUND');
  });

  it('treats statuses the caller accepts as answers', async () => {
    const response = await client().get('/open/nothing-here', { acceptStatuses: [404] });
    assert.equal(response.status, 404);
  });

  it('rejects a 200 that is not JSON, and an answer over the size limit, without retrying', async () => {
    const html = await rejection(client().get('/open/html'));
    assert.equal(html.code, 'MLC_HTTP_BAD_RESPONSE');
    assert.match(html.message, /not JSON: Service temporarily unavailable/);
    assert.equal(api.hits('html'), 1);
    const big = await rejection(client({ maxResponseBytes: 10_000 }).get('/open/big'));
    assert.equal(big.code, 'MLC_HTTP_BAD_RESPONSE');
    assert.equal(big.attempts, 1);
  });

  it('cancels a call waiting between retries when its signal aborts, and refuses calls after close', async () => {
    sim.faults.add({ kind: 'status', status: 503, retryAfter: 30, path: '/open/items' });
    const controller = new AbortController();
    const pending = client({ onRetry: () => controller.abort() }).get('/open/items', { signal: controller.signal });
    const err = await rejection(pending);
    assert.equal(err.code, 'MLC_HTTP_ABORTED');
    const closed = client();
    closed.close();
    assert.equal((await rejection(closed.get('/open/items'))).code, 'MLC_HTTP_ABORTED');
  });

  it('answers a redirect as its status and never follows it, so the credentials never reach the host it names', async () => {
    const { createServer: createHttpServer } = await import('node:http');
    const elsewhere: string[] = [];
    const thief = createHttpServer((req, res) => {
      elsewhere.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.end('{}');
    });
    await new Promise<void>((resolve) => thief.listen(0, '127.0.0.1', resolve));
    const thiefPort = (thief.address() as { port: number }).port;
    const redirecting = createHttpServer((_req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${thiefPort}/steal` });
      res.end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const port = (redirecting.address() as { port: number }).port;
    try {
      const made = new HttpClient({ system: 'testapi', baseUrl: `http://127.0.0.1:${port}`, headers: { authorization: 'Bearer kept-secret' }, retry: { maxAttempts: 1 } });
      clients.push(made);
      const err = await rejection(made.get('/data'));
      assert.equal(err.status, 302);
      const accepted = await made.get('/data', { acceptStatuses: [302] });
      assert.equal(accepted.status, 302);
      assert.deepEqual(elsewhere, []);
    } finally {
      redirecting.close();
      thief.close();
    }
  });

  it('refuses a base URL that carries a password', () => {
    assert.throws(() => new HttpClient({ system: 'odoo', baseUrl: 'https://admin:hunter22@erp.example.com' }), (err: Error) => {
      assert.doesNotMatch(err.message, /hunter22/);
      return /credential fields/.test(err.message);
    });
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  assert.ok(address && typeof address === 'object');
  return address.port;
}
