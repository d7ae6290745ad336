// The dialects the nodes can name. A further engine (BigQuery, Snowflake) implements Warehouse and
// registers here; the nodes only ever call openWarehouse.
import { embeddedDialect } from './embedded';
import { postgresDialect } from './postgres';
import type { Warehouse, WarehouseDialect, WarehouseSettings } from './types';

const dialects = new Map<string, WarehouseDialect>([
  [postgresDialect.name, postgresDialect as WarehouseDialect],
  [embeddedDialect.name, embeddedDialect as WarehouseDialect],
]);

export function registerDialect(dialect: WarehouseDialect): void {
  dialects.set(dialect.name, dialect);
}

export function dialectNames(): string[] {
  return [...dialects.keys()];
}

export function openWarehouse(settings: WarehouseSettings): Promise<Warehouse> {
  const dialect = dialects.get(settings.dialect);
  if (!dialect) return Promise.reject(new Error(`no warehouse dialect "${settings.dialect}"; known: ${dialectNames().join(', ')}`));
  return dialect.open(settings);
}
