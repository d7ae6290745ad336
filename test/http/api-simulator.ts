import { randomBytes } from 'node:crypto';
import { HttpError, json, text, type Router, type SandboxRequest, type Simulator, type SimulatorContext } from '../../sandbox/kit';

/**
 * A made-up API for the lib/http and lib/auth tests, served by the sandbox kit over a real socket: an
 * OAuth2 token endpoint (client credentials and password grants) whose token lifetime, refusals and
 * revocations the test controls, bearer- and Basic-protected routes, and routes that answer the way
 * badly behaved systems do (an HTTP-date Retry-After, HTML instead of JSON, an error that quotes the
 * caller's credentials back).
 */
export const CLIENT_ID = 'mlc-test-client';
export const CLIENT_SECRET = 'S3cr3t-client-Value-9f2c';
export const USERNAME = 'integration.user';
export const PASSWORD = 'Pa55-word-Value-77e1';

export class ApiSimulator implements Simulator {
  readonly name = 'testapi';
  readonly defaultPort = 0;
  readonly portEnv = 'MLC_SANDBOX_TESTAPI_PORT';
  readonly demoCredentials = { summary: 'test only', values: {} };

  /** Seconds, or undefined to send no expires_in. */
  tokenLifetime: number | string | undefined = 3600;
  /** Delay before the token endpoint answers, to make concurrent callers overlap. */
  tokenDelayMs = 0;
  /** Every API call answers 401, whatever the token. */
  rejectAll = false;
  tokensIssued = 0;
  lastTokenForm: Record<string, string> = {};
  private tokens = new Set<string>();
  private counters = new Map<string, number>();

  reset(): void {
    this.tokenLifetime = 3600;
    this.tokenDelayMs = 0;
    this.rejectAll = false;
    this.tokensIssued = 0;
    this.lastTokenForm = {};
    this.tokens.clear();
    this.counters.clear();
  }

  /** Forgets every token issued so far, as a server restart or key rotation would. */
  revokeAll(): void {
    this.tokens.clear();
  }

  hits(route: string): number {
    return this.counters.get(route) ?? 0;
  }

  register(router: Router, { clock }: SimulatorContext): void {
    const count = (route: string): void => {
      this.counters.set(route, this.hits(route) + 1);
    };
    const requireToken = (request: SandboxRequest): void => {
      const token = request.bearerToken();
      if (this.rejectAll || token === undefined || !this.tokens.has(token)) {
        throw new HttpError(401, { error: 'invalid_token', error_description: 'The access token is invalid or has expired' });
      }
    };

    router.post('/oauth/token', async (request) => {
      count('token');
      if (this.tokenDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.tokenDelayMs));
      const form = Object.fromEntries(await request.form());
      this.lastTokenForm = form;
      const basic = request.basicAuth();
      const clientId = basic?.user ?? form['client_id'];
      const clientSecret = basic?.password ?? form['client_secret'];
      if (clientId !== CLIENT_ID || clientSecret !== CLIENT_SECRET) {
        // Like some real servers, it quotes what it was sent: the client must mask it.
        return json({ error: 'invalid_client', error_description: `Client authentication failed for secret ${clientSecret ?? ''}` }, { status: 401 });
      }
      const grant = form['grant_type'];
      if (grant === 'password' && (form['username'] !== USERNAME || form['password'] !== PASSWORD)) {
        return json({ error: 'invalid_grant', error_description: 'Invalid username or password' }, { status: 400 });
      }
      if (grant !== 'client_credentials' && grant !== 'password') return json({ error: 'unsupported_grant_type' }, { status: 400 });
      const token = `tok_${randomBytes(12).toString('hex')}`;
      this.tokens.add(token);
      this.tokensIssued += 1;
      const body: Record<string, unknown> = { access_token: token, token_type: 'Bearer' };
      if (this.tokenLifetime !== undefined) body['expires_in'] = this.tokenLifetime;
      return json(body);
    });

    router.get('/api/items', (request) => {
      count('list');
      requireToken(request);
      return json([{ id: 1, name: 'one', at: clock.nowIso() }]);
    });

    router.post('/api/items', async (request) => {
      count('create');
      requireToken(request);
      const body = await request.json();
      return json({ id: 2, received: body }, { status: 201 });
    });

    router.get('/api/fail-echo', (request) => {
      count('fail-echo');
      requireToken(request);
      return json({ error: { message: `internal error while serving ${request.header('authorization') ?? ''}` } }, { status: 500 });
    });

    // No auth: for the retry tests.
    router.get('/open/items', (request) => {
      count('open-list');
      return json({ query: Object.fromEntries(request.query), ok: true });
    });
    router.post('/open/items', async (request) => {
      count('open-create');
      return json({ created: await request.json() }, { status: 201 });
    });
    router.get('/open/html', () => {
      count('html');
      return text('<html><body>Service temporarily unavailable</body></html>', { headers: { 'content-type': 'text/html' } });
    });
    router.get('/open/big', () => json({ blob: 'x'.repeat(200_000) }));
    router.get('/open/empty', () => ({ status: 204, headers: {}, body: '' }));
    router.get('/open/retry-date', () => {
      count('retry-date');
      if (this.hits('retry-date') === 1) {
        const at = new Date(clock.nowMs() + 3000).toUTCString();
        return json({ message: 'slow down' }, { status: 429, headers: { 'retry-after': at } });
      }
      return json({ ok: true });
    });
    router.get('/open/validation', () => json({ error: { message: 'Invalid field', detail: 'Field "x" does not exist' } }, { status: 422 }));

    // Basic + customer key, the way UKG's core APIs authenticate.
    router.get('/basic/items', (request) => {
      count('basic');
      const basic = request.basicAuth();
      if (basic?.user !== USERNAME || basic.password !== PASSWORD) {
        return json({ message: `Authorization has been denied for ${request.header('authorization') ?? ''} key ${request.header('us-customer-api-key') ?? ''}` }, { status: 401 });
      }
      return json([{ id: 1 }]);
    });
  }
}
