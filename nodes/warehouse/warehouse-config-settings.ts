// The mlc-warehouse-config node's fields and credentials → the warehouse's settings. Kept free of
// Node-RED so the Test connection route and the runtime node read a config the same way.
import { join } from 'node:path';
import { validIdentifier, type WarehouseSettings } from '../../lib/warehouse';
import { wholeNumberField } from '../shared/http-settings';

export interface WarehouseConfigFields {
  name?: string;
  /** "embedded" (default) or "postgres". */
  dialect?: string;
  host?: string;
  port?: string | number;
  database?: string;
  user?: string;
  ssl?: boolean | string;
  schema?: string;
  /** Embedded: where PGlite keeps its files; blank = <userDir>/mlc-warehouse/<name or id>. */
  dataDir?: string;
  /** Embedded: serve on 127.0.0.1:<port>; blank = not served. */
  servePort?: string | number;
}

export interface WarehouseCredentials {
  password?: string;
}

export const WAREHOUSE_CREDENTIALS = { password: { type: 'password' } } as const;
export const SECRET_FIELDS = ['password'] as const;

export interface WarehouseConfigInput {
  configName: string;
  settings: WarehouseSettings;
  problem?: string;
}

const SAFE_DIR_NAME = /[^A-Za-z0-9_.-]+/g;

/** The user directory's default for an embedded warehouse: one directory per config node name (or id). */
export function defaultDataDir(userDir: string, nameOrId: string): string {
  return join(userDir, 'mlc-warehouse', nameOrId.replace(SAFE_DIR_NAME, '_') || 'default');
}

export function warehouseSettingsFromNode(id: string, fields: WarehouseConfigFields, credentials: WarehouseCredentials, userDir: string): WarehouseConfigInput {
  const schema = (fields.schema ?? '').trim() || 'public';
  const name = fields.name?.trim() ?? '';
  const schemaProblem = validIdentifier(schema) ? undefined : `the schema "${schema}" is not a valid name (letters, digits and _)`;
  if ((fields.dialect ?? 'embedded') === 'postgres') {
    const host = (fields.host ?? '').trim();
    const database = (fields.database ?? '').trim();
    const port = fields.port === undefined || fields.port === '' ? 5432 : wholeNumberField(fields.port);
    const problem = schemaProblem ?? (!host ? 'no host' : !database ? 'no database' : port === undefined || port > 65535 ? `the port "${String(fields.port)}" is not a port number` : undefined);
    return {
      configName: name || `PostgreSQL ${host || id}/${database}`,
      settings: {
        dialect: 'postgres',
        host,
        port: port ?? 5432,
        database,
        user: (fields.user ?? '').trim(),
        password: credentials.password ?? '',
        ssl: fields.ssl === true || fields.ssl === 'true',
        schema,
      },
      ...(problem ? { problem } : {}),
    };
  }
  const serve = fields.servePort === undefined || String(fields.servePort).trim() === '' ? undefined : Number(fields.servePort);
  const problem = schemaProblem ?? (serve !== undefined && (!Number.isInteger(serve) || serve < 0 || serve > 65535) ? `the serve port "${String(fields.servePort)}" is not a port number` : undefined);
  return {
    configName: name || `embedded warehouse ${id}`,
    settings: {
      dialect: 'embedded',
      dataDir: (fields.dataDir ?? '').trim() || defaultDataDir(userDir, name || id),
      schema,
      ...(serve !== undefined && !problem ? { servePort: serve } : {}),
    },
    ...(problem ? { problem } : {}),
  };
}
