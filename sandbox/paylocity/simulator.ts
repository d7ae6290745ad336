import { SandboxClock, type DemoCredentials, type QuotaRule, type ResetOptions, type Router, type Simulator, type SimulatorContext, type SimulatorPersistence } from '../kit';
import { SYSTEM_PORTS } from '../systems';
import { DEMO_CLIENT, DEMO_WEBHOOK_PASSWORD, DEMO_WEBHOOK_USER, LIMITED_CLIENT } from './accounts';
import { registerTokenEndpoints, TokenStore } from './auth';
import { EmployeeControl, type HireInput } from './control';
import { registerControlRoutes } from './control-routes';
import type { EmployeeInput } from './employee-input';
import type { Employee, PayRun } from './model';
import { defaultWireOptions, type WireOptions, type WireOptionsPatch } from './options';
import { registerWebLink } from './routes';
import { COMPANY } from './seed/company';
import { PaylocityState, type PaylocityStateSnapshot } from './state';
import { WebhookSender, type EmitOptions, type WebhookSenderOptions } from './webhooks';

export interface PaylocitySimulatorOptions {
  webhooks?: WebhookSenderOptions;
  /** The F.2 choices (see options.ts); `reset` comes back to these. */
  wire?: Partial<WireOptions>;
}

/**
 * WebLink's rate limit since 1 Nov 2024: 25 calls per second, then 429 with an empty body and no
 * rate-limit headers (none are documented). Token requests are not counted. Tests change it through
 * `POST /__sandbox/quota`.
 */
export const DEFAULT_QUOTA: QuotaRule = { limit: 25, windowSeconds: 1, path: '/api/', body: '' };

/**
 * Paylocity WebLink v2: both token endpoints, employees (list, get, new hire, update), pay statement
 * summaries and details, company codes and custom fields, for company MLC01; a webhook sender with
 * optional Basic auth; the employee and payroll controls (in-process and under `/__sandbox/`).
 */
export class PaylocitySimulator implements Simulator {
  readonly name = 'paylocity';
  readonly defaultPort = SYSTEM_PORTS.paylocity.defaultPort;
  readonly portEnv = SYSTEM_PORTS.paylocity.portEnv;
  readonly defaults = { quota: [DEFAULT_QUOTA] };
  readonly state = new PaylocityState();
  readonly webhooks: WebhookSender;
  private readonly control: EmployeeControl;
  private readonly tokens: TokenStore;
  private readonly initialWire: WireOptions;
  private wire: WireOptions;
  /** Replaced by the server's clock in register(); a standalone one lets the controls work before a start. */
  private clock = new SandboxClock();
  private baseUrl: () => string = () => `http://127.0.0.1:${this.defaultPort}`;

  /** Employees, pay statements, processed runs and the check/voucher/transaction counters. Not kept: tokens, webhook targets and log, wire options. */
  readonly persistence: SimulatorPersistence = {
    version: 1,
    snapshot: () => this.state.snapshot(),
    restore: (snapshot) => this.state.restore(snapshot as PaylocityStateSnapshot),
    changeMark: () => this.state.revision,
  };

  constructor(options: PaylocitySimulatorOptions = {}) {
    const clock = (): SandboxClock => this.clock;
    this.webhooks = new WebhookSender(clock, options.webhooks);
    this.tokens = new TokenStore(clock);
    this.control = new EmployeeControl(this.state, clock, this.webhooks);
    this.initialWire = { ...defaultWireOptions(), ...options.wire };
    this.wire = structuredClone(this.initialWire);
  }

  get demoCredentials(): DemoCredentials {
    return {
      summary: `client ${DEMO_CLIENT.clientId} / ${DEMO_CLIENT.clientSecret}, company ${COMPANY.companyId} (not scoped to it: ${LIMITED_CLIENT.clientId} / ${LIMITED_CLIENT.clientSecret})`,
      values: {
        host: this.baseUrl(),
        // The config node's "other host" fields: Node-RED substitutes ${NAME} only as a whole value.
        apiBase: `${this.baseUrl()}/api`,
        tokenUrl: `${this.baseUrl()}/IdentityServer/connect/token`,
        clientId: DEMO_CLIENT.clientId,
        clientSecret: DEMO_CLIENT.clientSecret,
        companyId: COMPANY.companyId,
        webhookUser: DEMO_WEBHOOK_USER,
        webhookPassword: DEMO_WEBHOOK_PASSWORD,
      },
    };
  }

  register(router: Router, context: SimulatorContext): void {
    this.clock = context.clock;
    this.baseUrl = () => context.url();
    registerTokenEndpoints(router, this.tokens);
    registerWebLink(router, { state: this.state, tokens: this.tokens, control: this.control, options: () => this.wire });
  }

  registerControl(router: Router): void {
    registerControlRoutes(router, { webhooks: this.webhooks, control: this.control, options: () => this.options(), setOptions: (patch) => this.setOptions(patch) });
  }

  reset(options: ResetOptions = {}): void {
    this.state.reset();
    if (!options.keepSessions) this.tokens.clear();
    this.webhooks.reset();
    this.wire = structuredClone(this.initialWire);
  }

  /** The F.2 choices in force. */
  options(): WireOptions {
    return structuredClone(this.wire);
  }

  setOptions(patch: WireOptionsPatch): WireOptions {
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<WireOptions>;
    this.wire = { ...this.wire, ...defined };
    return this.options();
  }

  hire(input: HireInput): Employee {
    return this.control.hire(input);
  }

  terminate(employeeId: string, options?: { date?: string; reason?: string; eligibleForRehire?: boolean }): Employee {
    return this.control.terminate(employeeId, options);
  }

  rehire(employeeId: string, options?: { date?: string }): Employee {
    return this.control.rehire(employeeId, options);
  }

  change(employeeId: string, changes: EmployeeInput): Employee {
    return this.control.change(employeeId, changes);
  }

  processPayroll(input: { checkDate: string; beginDate?: string; endDate?: string; runNumber?: number; processDate?: string }, emit?: EmitOptions): PayRun {
    return this.control.processPayroll(input, emit);
  }

  /** Sends Payroll Processed again for a run already processed (processId or check date). */
  payrollProcessed(processIdOrCheckDate: string, emit?: EmitOptions): ReturnType<WebhookSender['emit']> {
    return this.control.payrollProcessed(processIdOrCheckDate, emit);
  }
}
