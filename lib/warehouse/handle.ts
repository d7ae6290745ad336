// A config node's warehouse: opened on first use (PGlite takes seconds), closed on redeploy. An
// embedded data directory can be open once per process (two PGlite instances on one directory would
// corrupt it), so handles on the same directory share one instance and the last to close closes it.
import { resolve } from 'node:path';
import { openWarehouse } from './registry';
import type { Warehouse, WarehouseSettings } from './types';

const embeddedOpen = new Map<string, { warehouse: Promise<Warehouse>; users: number }>();

export class WarehouseHandle {
  private opened: Promise<Warehouse> | null = null;
  private closed = false;

  constructor(readonly settings: WarehouseSettings) {}

  /** The secrets errors must never carry. */
  get secrets(): string[] {
    return this.settings.dialect === 'postgres' && this.settings.password ? [this.settings.password] : [];
  }

  warehouse(): Promise<Warehouse> {
    if (this.closed) return Promise.reject(new Error('the warehouse connection is closed'));
    // A failed open (the server down at the first batch) is tried again by the next batch.
    this.opened ??= this.open().catch((err: unknown) => {
      this.opened = null;
      throw err;
    });
    return this.opened;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const opened = this.opened;
    if (!opened) return;
    const warehouse = await opened.catch(() => null);
    if (!warehouse) return;
    if (this.settings.dialect !== 'embedded') return warehouse.close();
    const dir = resolve(this.settings.dataDir);
    const shared = embeddedOpen.get(dir);
    if (shared && --shared.users === 0) {
      embeddedOpen.delete(dir);
      await warehouse.close();
    }
  }

  private open(): Promise<Warehouse> {
    if (this.settings.dialect !== 'embedded') return openWarehouse(this.settings);
    const dir = resolve(this.settings.dataDir);
    const shared = embeddedOpen.get(dir);
    if (shared) {
      shared.users++;
      return shared.warehouse;
    }
    const warehouse = openWarehouse({ ...this.settings, dataDir: dir });
    embeddedOpen.set(dir, { warehouse, users: 1 });
    warehouse.catch(() => embeddedOpen.delete(dir));
    return warehouse;
  }
}
