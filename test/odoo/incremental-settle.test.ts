// The settle bound of incremental reads: records changed within the last N seconds wait for a later
// run, so a long Odoo transaction that commits older write_dates cannot slip behind the cursor.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import { OdooClient } from '../../lib/odoo';
import type { Domain } from '../../lib/odoo/domain';
import { readIncremental } from '../../lib/odoo/incremental-reader';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';

describe('incremental read with a settle time', () => {
  let sim: RunningSimulator;
  let store: Store;
  let client: OdooClient;
  let dir: string;

  before(async () => {
    sim = await startSimulator(new OdooSimulator(), { port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'mlc-settle-'));
    store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
    client = new OdooClient({ configName: 'settle', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', transport: 'json2' });
  });
  after(async () => {
    client.close();
    await store.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the newest changes for a later run, then reads them once they have settled', async () => {
    const engine = (sim.simulator as OdooSimulator).engine;
    engine.seedBulkPartners(5, { startAt: '2026-11-20 09:00:00', perSecond: 1 });
    // Stamped 09:00:00 to 09:00:04; "now" is 09:00:05 and the settle time 3 s.
    const now = Date.parse('2026-11-20T09:00:05Z');
    const seen: number[] = [];
    const options = {
      model: 'res.partner',
      domain: [['name', '=like', 'Bulk Vendor%']] as Domain,
      fields: ['name'],
      pageSize: 2,
      cursorName: 'settle-test',
      advance: 'sent' as const,
      auditTimeoutMs: 1000,
      settleSeconds: 3,
    };
    const sink = { emit: (page: { records: Array<{ id: number }> }) => void seen.push(...page.records.map((r) => r.id)) };
    const first = await readIncremental(client, store, { ...options, now: () => now }, sink);
    assert.equal(first.read, 3, '09:00:00, :01 and :02 are older than 3 s; :03 and :04 are not');
    const second = await readIncremental(client, store, { ...options, now: () => now + 10_000 }, sink);
    assert.equal(second.read, 2);
    assert.equal(new Set(seen).size, 5, 'each read once');
  });
});
