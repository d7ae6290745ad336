import { AfterCommitFaults } from './after-commit';
import { SandboxClock, type DemoCredentials, type QuotaRule, type ResetOptions, type Router, type Simulator, type SimulatorContext, type SimulatorPersistence } from '../kit';
import { SYSTEM_PORTS } from '../systems';
import { DEMO_ACCOUNT, DEMO_CLIENT, DEMO_CUSTOMER_API_KEY, DEMO_TENANT, DEMO_WEBHOOK_SECRET, LIMITED_ACCOUNT } from './accounts';
import { ChangesFeed } from './changes-feed';
import { EmployeeControl, type EmployeeChanges, type GlRunInput, type HireInput } from './control';
import type { Employee } from './model';
import { registerTokenEndpoint, TokenStore } from './oauth';
import { registerConfiguration } from './routes/configuration';
import { registerEmployeeChanges } from './routes/employee-changes';
import { registerEmployeeIds } from './routes/employee-ids';
import { registerOnboarding } from './routes/onboarding';
import { registerPayroll } from './routes/payroll';
import { registerPersonnel } from './routes/personnel';
import { UkgState, type UkgStateSnapshot } from './state';
import { WebhookSender, type WebhookSenderOptions } from './webhooks';

export interface UkgSimulatorOptions {
  webhooks?: WebhookSenderOptions;
}

/**
 * UKG's gateway quota: a 1-minute window, 429 with no Retry-After. The real limit is unpublished;
 * this one is high enough that the example flows never meet it. Tests lower it through the control API.
 */
export const DEFAULT_QUOTA: QuotaRule = { limit: 6000, windowSeconds: 60, body: { message: 'Too Many Requests (Exceeded Rate Limit)' } };

/**
 * UKG Pro: the core personnel, configuration and payroll REST APIs (Basic + US-Customer-Api-Key,
 * per-web-service roles), the OAuth token endpoint with onboarding new hires behind it, and a
 * webhook sender. `employees`-changing methods and `addGlRun` are the in-process test controls.
 */
export class UkgSimulator implements Simulator {
  readonly name = 'ukg';
  readonly defaultPort = SYSTEM_PORTS.ukg.defaultPort;
  readonly portEnv = SYSTEM_PORTS.ukg.portEnv;
  readonly defaults = { quota: [DEFAULT_QUOTA] };
  readonly state = new UkgState();
  readonly webhooks: WebhookSender;
  /** Faults after a write is stored (answer cut, hanging, 5xx): see after-commit.ts. In-process only. */
  readonly afterCommit = new AfterCommitFaults();
  private readonly control: EmployeeControl;
  private readonly feed = new ChangesFeed();
  private readonly tokens: TokenStore;
  /** Replaced by the server's clock in register(); a standalone one lets the controls work before a start. */
  private clock = new SandboxClock();
  private baseUrl: () => string = () => `http://127.0.0.1:${this.defaultPort}`;

  /**
   * Employees, org levels, jobs, GL runs and checks, the change feed and its per-account windows,
   * onboarding new hires and the id counters. Not kept: OAuth tokens (clients fetch new ones) and
   * in-process webhook subscriptions.
   */
  readonly persistence: SimulatorPersistence = {
    version: 1,
    snapshot: () => ({ state: this.state.snapshot(), feedWindows: this.feed.snapshot() }),
    restore: (snapshot) => {
      const saved = snapshot as { state: UkgStateSnapshot; feedWindows: Parameters<ChangesFeed['restore']>[0] } | null;
      if (!saved || !Array.isArray(saved.feedWindows)) throw new Error('not a UKG simulator snapshot');
      this.state.restore(saved.state);
      this.feed.restore(saved.feedWindows);
    },
  };

  constructor(options: UkgSimulatorOptions = {}) {
    const clock = (): SandboxClock => this.clock;
    this.webhooks = new WebhookSender(clock, options.webhooks);
    this.tokens = new TokenStore(clock);
    this.control = new EmployeeControl(this.state, clock, this.webhooks);
  }

  get demoCredentials(): DemoCredentials {
    return {
      summary: `user ${DEMO_ACCOUNT.username} / ${DEMO_ACCOUNT.password}, US-Customer-Api-Key ${DEMO_CUSTOMER_API_KEY} (no payroll: ${LIMITED_ACCOUNT.username} / ${LIMITED_ACCOUNT.password}); OAuth ${DEMO_CLIENT.clientId} / ${DEMO_CLIENT.clientSecret}, tenant ${DEMO_TENANT}`,
      values: {
        host: this.baseUrl(),
        username: DEMO_ACCOUNT.username,
        password: DEMO_ACCOUNT.password,
        customerApiKey: DEMO_CUSTOMER_API_KEY,
        clientId: DEMO_CLIENT.clientId,
        clientSecret: DEMO_CLIENT.clientSecret,
        tenant: DEMO_TENANT,
        webhookSecret: DEMO_WEBHOOK_SECRET,
      },
    };
  }

  register(router: Router, context: SimulatorContext): void {
    this.clock = context.clock;
    this.baseUrl = () => context.url();
    const clock = (): SandboxClock => this.clock;
    registerTokenEndpoint(router, this.tokens);
    registerOnboarding(router, this.state, this.tokens, clock);
    registerEmployeeChanges(router, this.state, this.feed, clock);
    registerEmployeeIds(router, this.state);
    registerPersonnel(router, this.state);
    registerConfiguration(router, this.state, this.afterCommit);
    registerPayroll(router, this.state);
  }

  reset(options: ResetOptions = {}): void {
    this.state.reset();
    this.feed.reset();
    if (!options.keepSessions) this.tokens.clear();
    this.webhooks.reset();
    this.afterCommit.clear();
  }

  hire(input: HireInput): Employee {
    return this.control.hire(input);
  }

  terminate(employeeId: string, options?: { date?: string; reason?: string }): Employee {
    return this.control.terminate(employeeId, options);
  }

  rehire(employeeId: string, options?: { date?: string }): Employee {
    return this.control.rehire(employeeId, options);
  }

  change(employeeId: string, changes: EmployeeChanges): Employee {
    return this.control.change(employeeId, changes);
  }

  addGlRun(input: GlRunInput): ReturnType<EmployeeControl['addGlRun']> {
    return this.control.addGlRun(input);
  }
}
