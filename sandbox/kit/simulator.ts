import type { SandboxClock } from './clock';
import type { LatencySpec } from './latency';
import type { SimulatorPersistence } from './persistence';
import type { QuotaRule } from './quota';
import type { Router } from './router';

/** What the runner prints and what examples/e2e tests configure their nodes with. */
export interface DemoCredentials {
  /** One short phrase for the runner's table, e.g. `user admin / key mlc-demo-key`. */
  summary: string;
  /** The same credentials by field name, e.g. `{ username: 'admin', apiKey: 'mlc-demo-key', db: 'demo' }`. */
  values: Record<string, string>;
}

/** Handed to `register`: the parts of the running server a simulator's routes may use. */
export interface SimulatorContext {
  /** Read `now` from here, never from `Date.now()`, so tests can move time. */
  readonly clock: SandboxClock;
  /** `http://127.0.0.1:<port>` once listening (for links when no Host header is available). */
  url(): string;
}

/**
 * One simulated system. The kit owns the socket, the control API, faults, quotas and the log;
 * the simulator owns its routes and its seeded data.
 */
export interface Simulator {
  /** Lower case system name: 'odoo', 'ukg', ... */
  readonly name: string;
  readonly defaultPort: number;
  /** Environment variable that overrides the port, e.g. 'MLC_SANDBOX_ODOO_PORT'. */
  readonly portEnv: string;
  readonly demoCredentials: DemoCredentials;
  /** Quota and latency this system has out of the box; `reset` returns to them. Off when omitted. */
  readonly defaults?: { quota?: QuotaRule[]; latency?: LatencySpec };
  /** Called once per start, before the server listens. */
  register(router: Router, context: SimulatorContext): void;
  /**
   * Optional routes of this simulator's own under `/__sandbox/` (webhook targets, hire/terminate
   * controls...), added after the kit's control routes. Like those they skip faults, latency, quotas
   * and the request log.
   */
  registerControl?(router: Router, context: SimulatorContext): void;
  /**
   * How the kit saves and restores this simulator's data when it runs with a data file (`npm start`
   * keeps it in the Node-RED user directory). Without it the simulator starts from its seed every time.
   */
  readonly persistence?: SimulatorPersistence;
  /**
   * Back to the seeded data (tokens issued, records written and cursors all forgotten). With
   * `keepSessions`, tokens and sessions already issued stay valid: only the data goes back.
   */
  reset(options?: ResetOptions): void;
}

export interface ResetOptions {
  /**
   * Tokens and sessions already issued stay valid, so a long-lived client that holds one meets no 401
   * after the reset: its calls are the same after every reset (the fault matrix counts them).
   */
  keepSessions?: boolean;
}
