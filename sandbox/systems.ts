import { portFromEnv } from './kit/port';

/**
 * The six systems and where their simulators listen. Kept apart from registry.ts so a simulator can
 * take its port from here without importing the registry that imports it.
 */
export const SYSTEMS = ['odoo', 'ukg', 'paylocity', 'procore', 'servicenow', 'looker'] as const;

export type SystemName = (typeof SYSTEMS)[number];

export interface SystemPort {
  defaultPort: number;
  /** Environment variable that overrides `defaultPort`. */
  portEnv: string;
}

export const SYSTEM_PORTS: Readonly<Record<SystemName, SystemPort>> = {
  odoo: { defaultPort: 8069, portEnv: 'MLC_SANDBOX_ODOO_PORT' }, // Odoo's own default port
  ukg: { defaultPort: 8101, portEnv: 'MLC_SANDBOX_UKG_PORT' },
  paylocity: { defaultPort: 8102, portEnv: 'MLC_SANDBOX_PAYLOCITY_PORT' },
  procore: { defaultPort: 8103, portEnv: 'MLC_SANDBOX_PROCORE_PORT' },
  servicenow: { defaultPort: 8104, portEnv: 'MLC_SANDBOX_SERVICENOW_PORT' },
  looker: { defaultPort: 8105, portEnv: 'MLC_SANDBOX_LOOKER_PORT' },
};

/** The port a system's simulator should use: explicit override, else its environment variable, else the default. */
export function resolveSystemPort(system: SystemName, env: NodeJS.ProcessEnv = process.env, override?: number): number {
  const { defaultPort, portEnv } = SYSTEM_PORTS[system];
  return override ?? portFromEnv(env, portEnv, defaultPort);
}
