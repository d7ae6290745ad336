import { randomBytes } from 'node:crypto';
import {
  childElements,
  escapeXml,
  HttpError,
  json,
  textContent,
  xml,
  type DemoCredentials,
  type Router,
  type SandboxRequest,
  type Simulator,
  type SimulatorContext,
} from '../../sandbox/kit';

/**
 * A made-up system that exists only to exercise the kit over real sockets: an OAuth2 client-credentials
 * token endpoint, a paged bearer-protected list, a create that stamps the sandbox clock, an echo route
 * for router tests and a one-method XML-RPC-like endpoint. Not registered in the runner.
 */
export const DEMO_CLIENT_ID = 'demo-client';
export const DEMO_CLIENT_SECRET = 'demo-secret';
export const DEMO_TOKEN_LIFETIME_SECONDS = 3600;
export const DEMO_SEED_SIZE = 25;

export interface DemoItem {
  id: number;
  name: string;
  updated_at: string;
}

export class DemoSimulator implements Simulator {
  readonly name = 'demo';
  readonly defaultPort = 0;
  readonly portEnv = 'MLC_SANDBOX_DEMO_PORT';
  readonly demoCredentials: DemoCredentials = {
    summary: `client ${DEMO_CLIENT_ID} / secret ${DEMO_CLIENT_SECRET}`,
    values: { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET },
  };

  private items: DemoItem[] = [];
  /** token → expiry in sandbox-clock ms */
  private tokens = new Map<string, number>();

  constructor() {
    this.reset();
  }

  reset(): void {
    const seededAt = '2026-01-01T00:00:00.000Z';
    this.items = Array.from({ length: DEMO_SEED_SIZE }, (_, index) => ({ id: index + 1, name: `Item ${index + 1}`, updated_at: seededAt }));
    this.tokens.clear();
  }

  register(router: Router, { clock }: SimulatorContext): void {
    const requireToken = (request: SandboxRequest): void => {
      const token = request.bearerToken();
      const expiresAt = token === undefined ? undefined : this.tokens.get(token);
      if (expiresAt === undefined || expiresAt <= clock.nowMs()) {
        throw new HttpError(401, { error: 'invalid_token' }, { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
      }
    };

    router.post('/oauth/token', async (request) => {
      const form = await request.form();
      if (form.get('grant_type') !== 'client_credentials') return json({ error: 'unsupported_grant_type' }, { status: 400 });
      if (form.get('client_id') !== DEMO_CLIENT_ID || form.get('client_secret') !== DEMO_CLIENT_SECRET) {
        return json({ error: 'invalid_client' }, { status: 401 });
      }
      const token = randomBytes(16).toString('hex');
      this.tokens.set(token, clock.nowMs() + DEMO_TOKEN_LIFETIME_SECONDS * 1000);
      return json({ access_token: token, token_type: 'bearer', expires_in: DEMO_TOKEN_LIFETIME_SECONDS });
    });

    router.get('/api/v1/items', (request) => {
      requireToken(request);
      const page = Math.max(1, Number(request.query.get('page') ?? '1') || 1);
      const perPage = Math.min(100, Math.max(1, Number(request.query.get('per_page') ?? '10') || 10));
      const rows = this.items.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = { 'x-total-count': String(this.items.length) };
      if (page * perPage < this.items.length) {
        headers['link'] = `<${request.origin}/api/v1/items?page=${page + 1}&per_page=${perPage}>; rel="next"`;
      }
      return json(rows, { headers });
    });

    router.get('/api/v1/items/:id', (request) => {
      requireToken(request);
      const item = this.items.find((candidate) => candidate.id === Number(request.params.id));
      return item ? json(item) : json({ error: 'not_found' }, { status: 404 });
    });

    router.post('/api/v1/items', async (request) => {
      requireToken(request);
      const body = await request.json();
      if (typeof body !== 'object' || body === null || typeof (body as { name?: unknown }).name !== 'string') {
        return json({ errors: { name: ["can't be blank"] } }, { status: 422 });
      }
      const item: DemoItem = { id: this.items.length + 1, name: (body as { name: string }).name, updated_at: clock.nowIso() };
      this.items.push(item);
      return json(item, { status: 201 });
    });

    // Router tests: show what the route saw.
    router.route('POST', '/echo/json', async (request) => json({ body: await request.json() }));
    router.post('/echo/form', async (request) => json({ form: Object.fromEntries(await request.form()) }));
    router.get('/echo/files/*', (request) => json({ rest: request.params['*'] }));
    router.get('/echo/:first/:second', (request) => json({ params: request.params, query: Object.fromEntries(request.query) }));

    // One XML-RPC-shaped method, `echo`, that returns its first string param.
    router.post('/rpc', async (request) => {
      const call = await request.xml();
      const methodName = textContent(childElements(call, 'methodName')[0] ?? { name: '', attributes: {}, children: [] });
      request.annotate({ rpcMethod: methodName });
      const firstParam = childElements(childElements(call, 'params')[0] ?? call, 'param')[0];
      const value = firstParam ? textContent(firstParam).trim() : '';
      return xml(
        `<?xml version="1.0"?><methodResponse><params><param><value><string>${escapeXml(value)}</string></value></param></params></methodResponse>`,
      );
    });
  }
}
