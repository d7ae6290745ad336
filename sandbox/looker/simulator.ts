import { SandboxClock, type DemoCredentials, type ResetOptions, type Router, type Simulator, type SimulatorContext, type SimulatorPersistence } from '../kit';
import { SYSTEM_PORTS } from '../systems';
import { API_USER } from './accounts';
import { LookerTokens, registerAuthRoutes } from './auth';
import { registerLookerControl } from './control-routes';
import { QueryEngine } from './engine';
import { PlanRunner } from './plans';
import { QueryTasks } from './query-tasks';
import { registerLookerApi } from './routes';
import { seedLooker } from './seed';
import { LookerState, type LookerStateSnapshot, type ScheduledPlan } from './state';
import { warehouseFromEnv, type WarehouseConfig } from './warehouse';

export interface LookerSimulatorOptions {
  /** Where `odoo_warehouse` points; default `MLC_SANDBOX_LOOKER_WAREHOUSE_URL` / `_SCHEMA`, else the local `test` database, schema `odoo`. */
  warehouse?: WarehouseConfig;
  env?: NodeJS.ProcessEnv;
}

/**
 * Looker API 4.0 (C.1–C.5): login with API3 keys, LookML models and explores over the warehouse tables,
 * queries compiled to SQL and run on the warehouse's PostgreSQL with a per-datagroup result cache,
 * Looks, scheduled plans with webhook deliveries, and Looker's Error / ValidationError bodies.
 */
export class LookerSimulator implements Simulator {
  readonly name = 'looker';
  readonly defaultPort = SYSTEM_PORTS.looker.defaultPort;
  readonly portEnv = SYSTEM_PORTS.looker.portEnv;
  readonly state = new LookerState(seedLooker);
  readonly tokens: LookerTokens;
  readonly engine: QueryEngine;
  readonly plans: PlanRunner;
  readonly queryTasks: QueryTasks;
  private readonly initialWarehouse: WarehouseConfig;
  private warehouseConfig: WarehouseConfig;
  private clock = new SandboxClock();
  private baseUrl: () => string = () => `http://127.0.0.1:${this.defaultPort}`;

  /** Saved queries, plans, datagroup triggers and runs. Not kept: tokens, the result cache, the warehouse setting. */
  readonly persistence: SimulatorPersistence = {
    version: 1,
    snapshot: () => this.state.snapshot(),
    restore: (snapshot) => this.state.restore(snapshot as LookerStateSnapshot),
    changeMark: () => this.state.revision,
  };

  constructor(options: LookerSimulatorOptions = {}) {
    const clock = (): SandboxClock => this.clock;
    this.initialWarehouse = options.warehouse ?? warehouseFromEnv(options.env ?? process.env);
    this.warehouseConfig = { ...this.initialWarehouse };
    this.tokens = new LookerTokens(clock);
    this.engine = new QueryEngine(this.state, clock, () => this.warehouseConfig);
    this.plans = new PlanRunner(this.state, this.engine, clock);
    this.queryTasks = new QueryTasks(this.state, this.engine, clock);
  }

  get demoCredentials(): DemoCredentials {
    return {
      summary: `client id ${API_USER.clientId} / secret ${API_USER.clientSecret}`,
      values: { baseUrl: this.baseUrl(), clientId: API_USER.clientId, clientSecret: API_USER.clientSecret },
    };
  }

  get warehouse(): WarehouseConfig {
    return { ...this.warehouseConfig };
  }

  /** Points `odoo_warehouse` elsewhere; cached results of the old warehouse are not served for the new one. */
  setWarehouse(config: WarehouseConfig): void {
    this.warehouseConfig = { ...config };
  }

  register(router: Router, context: SimulatorContext): void {
    this.clock = context.clock;
    this.baseUrl = () => context.url();
    registerAuthRoutes(router, this.tokens);
    registerLookerApi(router, { state: this.state, tokens: this.tokens, engine: this.engine, plans: this.plans, queryTasks: this.queryTasks, clock: () => this.clock, warehouse: () => this.warehouseConfig });
  }

  registerControl(router: Router): void {
    registerLookerControl(router, {
      warehouse: () => this.warehouse,
      setWarehouse: (config) => this.setWarehouse(config),
      setDestinationAddress: (planId, address, destinationId) => this.setDestinationAddress(planId, address, destinationId),
      runs: () => structuredClone(this.state.runs),
      idle: async () => {
        await this.plans.idle();
        await this.queryTasks.idle();
      },
      triggers: () => structuredClone(this.state.triggers),
      clearCache: () => this.engine.clearCache(),
    });
  }

  /** A plan's webhook address (the first webhook destination, or the one named), as an admin would edit it. */
  setDestinationAddress(planId: string, address: string, destinationId?: string): ScheduledPlan {
    const plan = this.state.plans.find((candidate) => candidate.id === planId);
    if (!plan) throw new Error(`no scheduled plan ${planId}`);
    const destination = plan.scheduled_plan_destination.find((candidate) => (destinationId ? candidate.id === destinationId : candidate.type === 'webhook'));
    if (!destination) throw new Error(`scheduled plan ${planId} has no ${destinationId ? `destination ${destinationId}` : 'webhook destination'}`);
    destination.address = address;
    this.state.changed();
    return structuredClone(plan);
  }

  reset(options: ResetOptions = {}): void {
    this.state.reset();
    this.engine.clearCache();
    this.queryTasks.clear();
    if (!options.keepSessions) this.tokens.clear();
    this.warehouseConfig = { ...this.initialWarehouse };
  }
}
