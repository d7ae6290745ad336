// Turns the mlc-store editor settings into a StoreConfig, kept apart from the node so it can be
// tested without Node-RED. The PostgreSQL password comes only from credentials, never from the flow.
import { z } from 'zod';
import type { StoreConfig } from '../../lib/store/types';

export const StoreNodeSettingsSchema = z.object({
  backend: z.enum(['sqlite', 'postgres']).default('sqlite'),
  path: z.string().default(''),
  connectionString: z.string().default(''),
  schema: z.string().default(''),
  poolSize: z.union([z.string(), z.number()]).optional(),
  leaseSeconds: z.union([z.string(), z.number()]).optional(),
  retentionDays: z.union([z.string(), z.number()]).optional(),
});
export type StoreNodeSettings = z.input<typeof StoreNodeSettingsSchema>;

export function storeConfigFromNode(
  raw: StoreNodeSettings,
  credentials: { password?: string },
  defaultPath: string,
): StoreConfig {
  const settings = StoreNodeSettingsSchema.parse(raw);
  if (settings.backend === 'sqlite') {
    return { kind: 'sqlite', path: settings.path.trim() || defaultPath };
  }
  const connectionString = settings.connectionString.trim();
  if (!connectionString) throw new Error('mlc-store: PostgreSQL needs a connection string');
  if (/^postgres(ql)?:\/\/[^/@]*:[^/@]*@/.test(connectionString)) {
    throw new Error('mlc-store: put the PostgreSQL password in the Password field, not in the connection string');
  }
  const poolSize = Number(settings.poolSize);
  return {
    kind: 'postgres',
    connectionString,
    ...(credentials.password ? { password: credentials.password } : {}),
    ...(settings.schema.trim() ? { schema: settings.schema.trim() } : {}),
    ...(Number.isInteger(poolSize) && poolSize > 0 ? { poolSize } : {}),
  };
}

/** A short label for status text and logs, with no password in it. */
export function describeStoreConfig(config: StoreConfig): string {
  if (config.kind === 'sqlite') return `SQLite ${config.path}`;
  try {
    const url = new URL(config.connectionString);
    return `PostgreSQL ${url.pathname.replace(/^\//, '')}@${url.hostname}${config.schema ? ` (${config.schema})` : ''}`;
  } catch {
    return 'PostgreSQL';
  }
}

/**
 * How long this process's claims stay its own without a heartbeat (seconds in the editor). Other
 * instances take a dead one's claims over after this; a heartbeat renews it every third of it.
 */
export function leaseMsFromNode(raw: StoreNodeSettings, fallbackMs: number): number {
  const seconds = Number(raw.leaseSeconds);
  return Number.isFinite(seconds) && seconds >= 1 && seconds <= 3600 ? Math.round(seconds * 1000) : fallbackMs;
}

/** How long a posted record keeps its payload (days in the editor); null keeps it for good (the default). */
export function payloadRetentionMsFromNode(raw: StoreNodeSettings): number | null {
  if (raw.retentionDays === undefined || String(raw.retentionDays).trim() === '') return null;
  const days = Number(raw.retentionDays);
  return Number.isFinite(days) && days >= 0 ? Math.round(days * 86_400_000) : null;
}
