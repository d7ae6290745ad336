import { join } from 'node:path';
import { PortInUseError, startSimulator, type RunningSimulator, type Simulator, type StartSimulatorOptions } from './kit';
import { SIMULATORS } from './registry';
import { resolveSystemPort, SYSTEM_PORTS, SYSTEMS, type SystemName } from './systems';

export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Per-system port overrides (0 = any free port); beat the MLC_SANDBOX_<SYSTEM>_PORT variables. */
  ports?: Partial<Record<SystemName, number>>;
  /** Where MLC_SANDBOX_<SYSTEM>_PORT is read from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Which simulators exist; default the registry. Tests pass their own. */
  simulators?: Partial<Record<SystemName, () => Simulator>>;
  onError?: StartSimulatorOptions['onError'];
  /**
   * Keep each simulator's data in `<dataDir>/<system>.json` across restarts (simulators without
   * persistence start from their seed as before). `npm start` uses `<user dir>/mlc-sandbox`.
   * Without it, data lives in memory only (tests, `npm run sandbox`).
   */
  dataDir?: string;
}

/** The data file of one system's simulator in a sandbox data directory. */
export function sandboxDataFile(dataDir: string, system: SystemName): string {
  return join(dataDir, `${system}.json`);
}

export interface SandboxSystem {
  system: SystemName;
  /** Absent while the system has no simulator yet. */
  running?: RunningSimulator;
}

export interface Sandbox {
  /** Every system, in the fixed order, running or not. */
  readonly systems: readonly SandboxSystem[];
  get(system: SystemName): RunningSimulator | undefined;
  /** The runner's table: one line per system. */
  lines(): string[];
  /**
   * Where each running simulator is and its demo credentials, as environment variables
   * (`MLC_SANDBOX_ODOO_URL`, `MLC_SANDBOX_ODOO_API_KEY`, ...): the example flows' config nodes read
   * them as `${...}` values, so they connect to the sandbox with no credentials in the flow files.
   */
  environment(): Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts every simulator that exists. If any cannot start (a taken port), the ones already started
 * are closed again and the error says which system and port.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const env = options.env ?? process.env;
  const factories = options.simulators ?? SIMULATORS;

  const starts = SYSTEMS.map(async (system): Promise<SandboxSystem> => {
    const factory = factories[system];
    if (!factory) return { system };
    const port = resolveSystemPort(system, env, options.ports?.[system]);
    try {
      const simulator = factory();
      const dataFile = options.dataDir !== undefined && simulator.persistence ? sandboxDataFile(options.dataDir, system) : undefined;
      return { system, running: await startSimulator(simulator, { port, host, env, onError: options.onError, ...(dataFile ? { dataFile } : {}) }) };
    } catch (error) {
      // Name the system and its variable from the table, whatever the simulator calls itself.
      if (error instanceof PortInUseError) throw new PortInUseError(system, port, host, SYSTEM_PORTS[system].portEnv);
      throw error;
    }
  });
  const settled = await Promise.allSettled(starts);

  const systems = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failures = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  const closeAll = async (): Promise<void> => {
    await Promise.all(systems.map((entry) => entry.running?.close()));
  };
  if (failures.length > 0) {
    await closeAll();
    throw failures.length === 1 ? failures[0] : new AggregateError(failures, failures.map(describeError).join('; '));
  }

  return {
    systems,
    get: (system) => systems.find((entry) => entry.system === system)?.running,
    lines: () => systems.map(formatSystemLine),
    environment: () => Object.assign({}, ...systems.map(systemEnvironment)) as Record<string, string>,
    close: closeAll,
  };
}

/** `odoo        http://127.0.0.1:8069   user admin / key mlc-demo-key` or `paylocity   not yet simulated`. */
export function formatSystemLine(entry: SandboxSystem): string {
  const name = entry.system.padEnd(12);
  if (!entry.running) return `${name}not yet simulated`;
  const url = entry.running.url;
  return `${name}${url.padEnd(Math.max(24, url.length + 2))}${entry.running.simulator.demoCredentials.summary}`;
}

export function systemEnvironment(entry: SandboxSystem): Record<string, string> {
  if (!entry.running) return {};
  const prefix = `MLC_SANDBOX_${entry.system.toUpperCase()}_`;
  const env: Record<string, string> = { [`${prefix}URL`]: entry.running.url };
  for (const [key, value] of Object.entries(entry.running.simulator.demoCredentials.values)) {
    env[`${prefix}${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`] = value;
  }
  return env;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
