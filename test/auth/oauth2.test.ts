import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { AuthError, basicAuthorization, oauth2TokenCache, staticAuth, type OAuth2Settings } from '../../lib/auth';
import { HttpClient, HttpError } from '../../lib/http';
import { ApiSimulator, CLIENT_ID, CLIENT_SECRET, PASSWORD, USERNAME } from '../http/api-simulator';

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof Error);
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('lib/auth OAuth2 token cache against a real token endpoint', () => {
  const api = new ApiSimulator();
  let sim: RunningSimulator;
  let clients: HttpClient[] = [];
  let nowMs = Date.parse('2026-12-01T08:00:00Z');
  const settings = (extra: Partial<OAuth2Settings> = {}): OAuth2Settings => ({
    configName: 'Paylocity (test)',
    tokenUrl: `${sim.url}/oauth/token`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    now: () => nowMs,
    ...extra,
  });
  const apiClient = (extra: Partial<OAuth2Settings> = {}) => {
    const tokens = oauth2TokenCache(settings(extra));
    const client = new HttpClient({ system: 'testapi', baseUrl: sim.url, auth: tokens, retry: { baseDelayMs: 1 } });
    clients.push(client);
    return { tokens, client };
  };

  before(async () => {
    sim = await startSimulator(api, { port: 0 });
  });
  beforeEach(() => {
    sim.reset();
    nowMs = Date.parse('2026-12-01T08:00:00Z');
    for (const client of clients) client.close();
    clients = [];
  });
  after(async () => {
    for (const client of clients) client.close();
    await sim.close();
  });

  it('fetches a token on first use and reuses it', async () => {
    const { client } = apiClient({ scope: ['read', 'write'] });
    await client.get('/api/items');
    await client.post('/api/items', { json: { name: 'x' } });
    assert.equal(api.tokensIssued, 1);
    assert.equal(api.lastTokenForm['grant_type'], 'client_credentials');
    assert.equal(api.lastTokenForm['scope'], 'read write');
  });

  it('takes the lifetime from expires_in and refreshes when less than the margin remains', async () => {
    api.tokenLifetime = 600; // 10 min; default margin 5 min → refresh after 5 min
    const { tokens } = apiClient();
    const first = await tokens.token();
    nowMs += 299_000;
    assert.equal(await tokens.token(), first);
    nowMs += 2_000;
    assert.notEqual(await tokens.token(), first);
    assert.equal(api.tokensIssued, 2);

    api.tokenLifetime = '7200'; // a string, as some endpoints send it
    const other = apiClient().tokens;
    const long = await other.token();
    nowMs += 6_000_000; // 100 min: 20 min of life left
    assert.equal(await other.token(), long);
    nowMs += 1_000_000; // 3.3 min left
    assert.notEqual(await other.token(), long);
  });

  it('keeps half the life of a token shorter than the margin instead of fetching on every call', async () => {
    api.tokenLifetime = 60;
    const { tokens } = apiClient();
    const first = await tokens.token();
    nowMs += 29_000;
    assert.equal(await tokens.token(), first);
    nowMs += 2_000;
    assert.notEqual(await tokens.token(), first);
  });

  it('uses a token without expires_in until the system rejects it', async () => {
    api.tokenLifetime = undefined;
    const { tokens, client } = apiClient();
    const first = await tokens.token();
    nowMs += 10 * 24 * 3600_000;
    assert.equal(await tokens.token(), first);
    api.revokeAll();
    await client.get('/api/items');
    assert.equal(api.tokensIssued, 2);
  });

  it('shares one token fetch among concurrent callers (single flight)', async () => {
    api.tokenDelayMs = 100;
    const { client } = apiClient();
    const answers = await Promise.all(Array.from({ length: 20 }, () => client.get('/api/items')));
    assert.equal(answers.length, 20);
    assert.equal(api.hits('token'), 1);
  });

  it('on a 401 drops the token, fetches one new token for all callers, and retries each call once', async () => {
    const { client } = apiClient();
    await client.get('/api/items');
    api.revokeAll();
    api.tokenDelayMs = 50;
    const answers = await Promise.all(Array.from({ length: 5 }, () => client.get('/api/items')));
    assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 200, 200, 200]);
    assert.equal(api.tokensIssued, 2, 'five 401s on one stale token renew it once');
  });

  it('gives an authentication error naming the config node on a second 401', async () => {
    const { client } = apiClient();
    api.rejectAll = true;
    const err = await failure(client.get('/api/items'));
    assert.ok(err instanceof HttpError);
    assert.equal(err.code, 'MLC_HTTP_UNAUTHORIZED');
    assert.equal(err.configName, 'Paylocity (test)');
    assert.equal(err.status, 401);
    assert.match(err.message, /rejected the credentials of config node "Paylocity \(test\)"/);
    assert.equal(api.hits('list'), 2, 'the call was tried twice');
    assert.equal(api.tokensIssued, 2);
  });

  it('reports a refused client secret naming the config node, without the secret the server quoted back', async () => {
    const { client } = apiClient({ clientSecret: 'wrong-Secret-Value-0042' });
    const err = await failure(client.get('/api/items'));
    assert.ok(err instanceof AuthError, inspect(err));
    assert.equal(err.code, 'MLC_AUTH_REJECTED');
    assert.equal(err.status, 401);
    assert.match(err.message, /config node "Paylocity \(test\)": token request to .*\/oauth\/token was refused \(401\): invalid_client/);
    for (const produced of [err.message, err.stack ?? '', inspect(err, { depth: null }), JSON.stringify(err)]) {
      assert.doesNotMatch(produced, /wrong-Secret-Value-0042/);
    }
  });

  it('retries the call when the token endpoint is briefly down', async () => {
    const { client } = apiClient();
    sim.faults.add({ kind: 'status', status: 503, path: '/oauth/token' });
    const answer = await client.get('/api/items');
    assert.equal(answer.status, 200);
    assert.equal(sim.log.count({ path: '/oauth/token' }), 2, 'the 503, then the token');
    assert.equal(api.tokensIssued, 1);
  });

  it('sends the client credentials as HTTP Basic when asked, and supports the password grant', async () => {
    const basic = apiClient({ clientAuth: 'header' });
    await basic.client.get('/api/items');
    assert.equal(api.lastTokenForm['client_secret'], undefined);
    const password = apiClient({ grant: { type: 'password', username: USERNAME, password: PASSWORD } });
    await password.client.get('/api/items');
    assert.equal(api.lastTokenForm['grant_type'], 'password');
    const wrong = apiClient({ grant: { type: 'password', username: USERNAME, password: 'not-the-Password-11' } });
    const err = await failure(wrong.client.get('/api/items'));
    assert.ok(err instanceof AuthError);
    assert.match(err.message, /invalid_grant \(Invalid username or password\)/);
  });

  it('reports a fixed Basic credential refused at once, without renewing or retrying, and without the secrets', async () => {
    const key = 'CUSTKEY-Value-5150';
    const auth = staticAuth('UKG (test)', { authorization: basicAuthorization(USERNAME, 'bad-Password-Value-8'), 'us-customer-api-key': key }, ['bad-Password-Value-8', key]);
    const client = new HttpClient({ system: 'ukg', baseUrl: sim.url, auth });
    clients.push(client);
    const err = await failure(client.get('/basic/items'));
    assert.ok(err instanceof HttpError);
    assert.equal(err.code, 'MLC_HTTP_UNAUTHORIZED');
    assert.equal(api.hits('basic'), 1);
    const everything = [err.message, err.systemMessage ?? '', err.stack ?? '', inspect(err, { depth: null }), JSON.stringify(err)].join('\n');
    assert.match(everything, /Authorization has been denied for \*\*\* key \*\*\*/);
    assert.doesNotMatch(everything, /bad-Password-Value-8|CUSTKEY-Value-5150|Basic [A-Za-z0-9+/=]{8,}/);
  });

  it('leaves no secret in anything a failing call produces: errors, retry events, console output', async () => {
    const events: unknown[] = [];
    const tokens = oauth2TokenCache(settings());
    const client = new HttpClient({ system: 'testapi', baseUrl: sim.url, auth: tokens, retry: { maxAttempts: 3, baseDelayMs: 1 }, onRetry: (event) => events.push(event) });
    clients.push(client);
    const printed: string[] = [];
    const writes = [process.stdout, process.stderr].map((stream) => {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        printed.push(String(chunk));
        return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      return () => {
        stream.write = original;
      };
    });
    let err: Error;
    let token: string;
    try {
      token = await tokens.token();
      err = await failure(client.get('/api/fail-echo', { idempotent: true }));
    } finally {
      for (const restore of writes) restore();
    }
    assert.ok(err instanceof HttpError);
    assert.equal(err.attempts, 3);
    assert.match(err.message, /internal error while serving Bearer \*\*\*/);
    const everything = [err.message, err.systemMessage ?? '', err.stack ?? '', inspect(err, { depth: null, showHidden: true }), JSON.stringify(err), JSON.stringify(events), ...printed].join('\n');
    assert.ok(everything.includes('/api/fail-echo'), 'the grep looked at the right material');
    for (const secret of [token, CLIENT_SECRET, encodeURIComponent(CLIENT_SECRET)]) assert.ok(!everything.includes(secret), `leaked ${secret.slice(0, 4)}...`);
  });
});

describe('the token library\'s own debug output', () => {
  it('prints no client secret even when DEBUG enables everything', async () => {
    const { spawn } = await import('node:child_process');
    const { join } = await import('node:path');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'token-with-debug.ts')], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, DEBUG: '*', DEBUG_COLORS: 'no' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, output);
    assert.match(output, /fetched/);
    const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
    assert.ok(!output.includes(CLIENT_SECRET) && !output.includes(basic) && !output.includes(encodeURIComponent(CLIENT_SECRET)), output.slice(0, 2000));
  });
});
