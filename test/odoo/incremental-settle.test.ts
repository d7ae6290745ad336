// The settle bound of incremental reads: records changed within the last N seconds wait for a later
// run, so a long Odoo transaction that commits older write_dates cannot slip behind the cursor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Domain } from '../../lib/odoo/domain';
import { readIncremental } from '../../lib/odoo/incremental-reader';
import { openOdooStoreFixture, type OdooStoreFixture } from '../support/odoo-store-fixture';

describe('incremental read with a settle time', () => {
  let parts: OdooStoreFixture;

  before(async () => {
    parts = await openOdooStoreFixture('settle');
  });
  after(() => parts.close());

  it('leaves the newest changes for a later run, then reads them once they have settled', async () => {
    const { engine, client, store } = parts;
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
