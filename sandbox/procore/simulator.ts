import { json, SandboxClock, type DemoCredentials, type QuotaRule, type ResetOptions, type Router, type Simulator, type SimulatorContext, type SimulatorPersistence } from '../kit';
import { SYSTEM_PORTS } from '../systems';
import { COMPANY_ID, DEMO_ACCOUNT, LIMITED_ACCOUNT } from './accounts';
import type { RouteContext } from './access';
import { registerTokenEndpoints, TokenStore } from './auth';
import { registerControlRoutes } from './control-routes';
import type { Vendor } from './model';
import { defaultWireOptions, type WireOptions, type WireOptionsPatch } from './options';
import { registerRestApi } from './routes';
import { ProcoreState, type ProcoreStateSnapshot } from './state';
import { HookDispatcher, type HookDispatcherOptions } from './webhooks';
import { registerWebhookApi } from './webhook-routes';
import { stamp } from './wire';

export interface RateLimits {
  /** Requests per hour (the hourly window; Procore's docs show 600 in an example and say not to assume 3600). */
  hourly: number;
  /** Requests per 10-second spike window (the docs' example: 25). */
  spike: number;
  /** Window lengths, for tests that want them short. */
  hourlyWindowSeconds?: number;
  spikeWindowSeconds?: number;
  /** Also send `Retry-After` on 429 (Procore's troubleshooting pages mention it; the rate-limit page only `X-Rate-Limit-Reset`). Default false. */
  retryAfter?: boolean;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { hourly: 3600, spike: 25 };

/**
 * The two windows (C.7) as kit quota rules on `/rest/`: `X-Rate-Limit-Limit/Remaining/Reset` on every
 * answer, from the window closest to running out; 429 `{"error":"..."}` with the same headers. Failed
 * requests (400/401/403/404) count, as at Procore; the token endpoint does not (another host there).
 * Set them over HTTP with `POST /__sandbox/quota {"rules": procoreQuotaRules(...)}` (the JSON is in the README).
 */
export function procoreQuotaRules(limits: RateLimits = DEFAULT_RATE_LIMITS): QuotaRule[] {
  const common = { path: '/rest/', headers: 'x-rate-limit' as const, body: { error: 'Rate limit exceeded' }, retryAfter: limits.retryAfter ? ('until-reset' as const) : ('none' as const) };
  return [
    { ...common, limit: limits.hourly, windowSeconds: limits.hourlyWindowSeconds ?? 3600 },
    { ...common, limit: limits.spike, windowSeconds: limits.spikeWindowSeconds ?? 10 },
  ];
}

export interface ProcoreSimulatorOptions {
  webhooks?: HookDispatcherOptions;
  /** The F.3 choices (see options.ts); `reset` comes back to these. */
  wire?: Partial<WireOptions>;
  rateLimits?: RateLimits;
}

/**
 * Procore REST (C.13): the client-credentials token endpoint, `Procore-Company-Id` rules, v1.0/v1.1
 * routes for companies, projects, vendors (+ /sync), cost codes, line item types, purchase order
 * contracts with line items, commitments, direct costs and requisitions, paging and filters,
 * both rate-limit windows, and webhooks (hooks, triggers, deliveries, a dispatcher).
 */
export class ProcoreSimulator implements Simulator {
  readonly name = 'procore';
  readonly defaultPort = SYSTEM_PORTS.procore.defaultPort;
  readonly portEnv = SYSTEM_PORTS.procore.portEnv;
  readonly defaults: { quota: QuotaRule[] };
  readonly state = new ProcoreState();
  readonly hooks: HookDispatcher;
  readonly tokens: TokenStore;
  private readonly initialWire: WireOptions;
  private wire: WireOptions;
  private clock = new SandboxClock();
  private baseUrl: () => string = () => `http://127.0.0.1:${this.defaultPort}`;

  /** Projects, vendors, cost codes, line item types, commitments, direct costs, requisitions, hooks and triggers, id counters. Not kept: tokens, delivery log, wire options. */
  readonly persistence: SimulatorPersistence = {
    version: 1,
    snapshot: () => this.state.snapshot(),
    restore: (snapshot) => this.state.restore(snapshot as ProcoreStateSnapshot),
    changeMark: () => this.state.revision,
  };

  constructor(options: ProcoreSimulatorOptions = {}) {
    const clock = (): SandboxClock => this.clock;
    this.tokens = new TokenStore(clock);
    this.hooks = new HookDispatcher(this.state, clock, options.webhooks);
    this.initialWire = { ...defaultWireOptions(), ...options.wire };
    this.wire = structuredClone(this.initialWire);
    this.defaults = { quota: procoreQuotaRules(options.rateLimits) };
  }

  get demoCredentials(): DemoCredentials {
    const base = this.baseUrl();
    return {
      summary: `service account ${DEMO_ACCOUNT.clientId} / ${DEMO_ACCOUNT.clientSecret}, company ${COMPANY_ID} (one project only: ${LIMITED_ACCOUNT.clientId} / ${LIMITED_ACCOUNT.clientSecret})`,
      values: {
        host: base,
        // Whole URLs: Node-RED substitutes ${NAME} only as a whole value.
        apiBase: base,
        restBase: `${base}/rest/v1.0`,
        tokenUrl: `${base}/oauth/token`,
        clientId: DEMO_ACCOUNT.clientId,
        clientSecret: DEMO_ACCOUNT.clientSecret,
        companyId: String(COMPANY_ID),
      },
    };
  }

  register(router: Router, context: SimulatorContext): void {
    this.clock = context.clock;
    this.baseUrl = () => context.url();
    const ctx: RouteContext = { state: this.state, tokens: this.tokens, hooks: this.hooks, clock: () => this.clock, options: () => this.wire };
    registerTokenEndpoints(router, this.tokens);
    registerRestApi(router, ctx);
    registerWebhookApi(router, ctx);
    router.fallback((request) => json({ error: 'not_found', message: `No route matches [${request.method}] "${request.path}"` }, { status: 404 }));
  }

  registerControl(router: Router): void {
    registerControlRoutes(router, {
      state: this.state,
      hooks: this.hooks,
      companyId: COMPANY_ID,
      options: () => this.options(),
      setOptions: (patch) => this.setOptions(patch),
      editVendor: (id, changes) => this.editVendor(id, changes),
    });
  }

  reset(options: ResetOptions = {}): void {
    this.state.reset();
    if (!options.keepSessions) this.tokens.clear();
    this.hooks.reset();
    this.wire = structuredClone(this.initialWire);
  }

  options(): WireOptions {
    return structuredClone(this.wire);
  }

  setOptions(patch: WireOptionsPatch): WireOptions {
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<WireOptions>;
    this.wire = { ...this.wire, ...defined };
    return this.options();
  }

  /** A vendor edited in the Procore UI: `updated_at` moves and hooks hear an update with no source application. */
  editVendor(id: number, changes: Record<string, string | boolean | null>): Vendor {
    const vendor = this.state.vendors.find((v) => v.id === id);
    if (!vendor) throw new Error(`no vendor ${id}`);
    const allowed = new Set(Object.keys(vendor).filter((key) => !['id', 'company_id', 'created_at', 'updated_at'].includes(key)));
    for (const [key, value] of Object.entries(changes)) {
      if (!allowed.has(key)) throw new Error(`vendor has no editable field ${key}`);
      (vendor as unknown as Record<string, unknown>)[key] = value;
    }
    vendor.updated_at = stamp(this.clock.nowMs());
    this.state.touch();
    void this.hooks.changed({ resourceName: 'Company Vendors', resourceId: vendor.id, eventType: 'update', companyId: vendor.company_id, projectId: null, userId: 9100100, applicationId: null });
    return structuredClone(vendor);
  }
}
