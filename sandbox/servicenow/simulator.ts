import { json, SandboxClock, type DemoCredentials, type ResetOptions, type Router, type Simulator, type SimulatorContext, type SimulatorPersistence } from '../kit';
import { SYSTEM_PORTS } from '../systems';
import { INTEGRATION_USER, OAUTH_CLIENT } from './accounts';
import { registerTokenEndpoint, TokenStore } from './auth';
import type { ApiContext } from './context';
import { registerControlRoutes } from './control-routes';
import { ImportEngine } from './imports';
import { registerImportApi } from './import-routes';
import { defaultWireOptions, type WireOptions, type WireOptionsPatch } from './options';
import { RateLimiter, type RateLimitRule } from './rate-limits';
import { seedServiceNow } from './seed';
import './staging';
import { ServiceNowState, type Row, type ServiceNowStateSnapshot } from './state';
import { registerTableApi } from './table-routes';
import { tableDef } from './tables';

export interface ServiceNowSimulatorOptions {
  /** The choices where the notes are unsure (see options.ts); `reset` comes back to these. */
  wire?: Partial<WireOptions>;
  /** `sys_rate_limit_rules` out of the box (none: ServiceNow publishes no default). */
  rateLimits?: RateLimitRule[];
}

/**
 * ServiceNow (B.1–B.6): `/oauth_token.do` and Basic auth, users with roles and table ACLs, the Table
 * API with encoded queries, display values and paging headers, per-user rate-limit rules, and the
 * Import Set API over the ERP integration staging tables with coalescing transform maps.
 */
export class ServiceNowSimulator implements Simulator {
  readonly name = 'servicenow';
  readonly defaultPort = SYSTEM_PORTS.servicenow.defaultPort;
  readonly portEnv = SYSTEM_PORTS.servicenow.portEnv;
  readonly state = new ServiceNowState(seedServiceNow);
  readonly tokens: TokenStore;
  readonly limiter = new RateLimiter();
  readonly imports: ImportEngine;
  private readonly initialWire: WireOptions;
  private readonly initialRateLimits: RateLimitRule[];
  private wire: WireOptions;
  private clock = new SandboxClock();
  private baseUrl: () => string = () => `http://127.0.0.1:${this.defaultPort}`;

  /** Every table's records, pending `insertMultiple` transforms, id and number counters. Not kept: tokens, rate-limit counts, wire options. */
  readonly persistence: SimulatorPersistence = {
    version: 1,
    snapshot: () => this.state.snapshot(),
    restore: (snapshot) => this.state.restore(snapshot as ServiceNowStateSnapshot),
    changeMark: () => this.state.revision,
  };

  constructor(options: ServiceNowSimulatorOptions = {}) {
    const clock = (): SandboxClock => this.clock;
    this.tokens = new TokenStore(clock);
    this.initialWire = { ...defaultWireOptions(), ...options.wire };
    this.wire = structuredClone(this.initialWire);
    this.imports = new ImportEngine(this.state, clock, () => this.wire);
    this.initialRateLimits = options.rateLimits ?? [];
    this.limiter.set(this.initialRateLimits);
  }

  get demoCredentials(): DemoCredentials {
    const base = this.baseUrl();
    return {
      summary: `user ${INTEGRATION_USER.userName} / ${INTEGRATION_USER.password}, OAuth client ${OAUTH_CLIENT.clientId} / ${OAUTH_CLIENT.clientSecret}`,
      values: {
        instanceUrl: base,
        tokenUrl: `${base}/oauth_token.do`,
        username: INTEGRATION_USER.userName,
        password: INTEGRATION_USER.password,
        clientId: OAUTH_CLIENT.clientId,
        clientSecret: OAUTH_CLIENT.clientSecret,
      },
    };
  }

  register(router: Router, context: SimulatorContext): void {
    this.clock = context.clock;
    this.baseUrl = () => context.url();
    const ctx: ApiContext = {
      state: this.state,
      tokens: this.tokens,
      limiter: this.limiter,
      clock: () => this.clock,
      options: () => this.wire,
      runDueImports: () => this.imports.runDue(this.baseUrl()),
    };
    registerTokenEndpoint(router, this.tokens);
    registerTableApi(router, ctx);
    registerImportApi(router, ctx, this.imports);
    router.fallback(() => json({ error: { message: 'Requested URI does not represent any resource', detail: null }, status: 'failure' }, { status: 400 }));
  }

  registerControl(router: Router): void {
    registerControlRoutes(router, {
      options: () => structuredClone(this.wire),
      setOptions: (patch) => this.setOptions(patch),
      rateLimits: () => this.limiter.list(),
      setRateLimits: (rules) => {
        this.limiter.set(rules);
        return this.limiter.list();
      },
      runImports: () => this.imports.runAll(this.baseUrl()),
      editRecord: (table, sysId, values) => this.editRecord(table, sysId, values),
    });
  }

  reset(options: ResetOptions = {}): void {
    this.state.reset();
    if (!options.keepSessions) this.tokens.clear();
    this.limiter.set(this.initialRateLimits);
    this.wire = structuredClone(this.initialWire);
  }

  setOptions(patch: WireOptionsPatch): WireOptions {
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<WireOptions>;
    this.wire = { ...this.wire, ...defined };
    return structuredClone(this.wire);
  }

  /** A record created or changed "in the ServiceNow UI" by an admin: `sys_updated_on` moves as for any write. */
  editRecord(tableName: string, sysId: string | undefined, values: Record<string, string>): Row {
    const table = tableDef(tableName);
    if (!table || table.staging) throw new Error(`no table ${tableName}`);
    const unknown = Object.keys(values).filter((field) => !(field in table.fields));
    if (unknown.length > 0) throw new Error(`${tableName} has no field ${unknown.join(', ')}`);
    if (sysId === undefined) return structuredClone(this.state.insert(table, values, 'admin', this.clock.nowMs()));
    const row = this.state.find(tableName, sysId);
    if (!row) throw new Error(`no ${tableName} record ${sysId}`);
    return structuredClone(this.state.update(row, values, 'admin', this.clock.nowMs()));
  }
}
