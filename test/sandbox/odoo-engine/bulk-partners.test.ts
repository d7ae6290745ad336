import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerFor, newEngine, records } from './helpers';

describe('odoo engine: 100,000 partners', () => {
  it('bulk-seeds 100,000 vendors and pages through them with a (write_date, id) cursor', () => {
    const engine = newEngine();
    const call = callerFor(engine);
    const { firstId, lastId } = engine.seedBulkPartners(100_000, { startAt: '2026-11-10 00:00:00', perSecond: 40 });
    assert.equal(lastId - firstId + 1, 100_000);
    assert.equal(call('res.partner', 'search_count', [[['ref', '=like', 'BULK-%']]]), 100_000);

    const seen = new Set<number>();
    let cursor: { date: string; id: number } | undefined;
    let previous = '';
    for (let page = 0; page < 1000; page++) {
      const after = cursor ? ['|', ['write_date', '>', cursor.date], '&', ['write_date', '=', cursor.date], ['id', '>', cursor.id]] : [];
      const rows = records(
        call('res.partner', 'search_read', [[['supplier_rank', '>', 0], ['write_date', '>=', '2026-11-10 00:00:00'], ...after]], {
          fields: ['name', 'write_date'],
          order: 'write_date asc, id asc',
          limit: 250,
        }),
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        const key = `${row['write_date'] as string}|${String(row['id']).padStart(9, '0')}`;
        assert.ok(key > previous, 'strictly increasing (write_date, id)');
        previous = key;
        seen.add(row['id'] as number);
      }
      const last = rows[rows.length - 1]!;
      cursor = { date: last['write_date'] as string, id: last['id'] as number };
    }
    assert.equal(seen.size, 100_000);
    assert.ok(seen.has(firstId) && seen.has(lastId));
  });

  it('offset paging and lookups by reference stay correct at volume', () => {
    const engine = newEngine();
    const call = callerFor(engine);
    const { firstId } = engine.seedBulkPartners(100_000);
    const page = records(call('res.partner', 'search_read', [[['ref', '=like', 'BULK-%']]], { fields: ['ref'], order: 'id desc', offset: 50_000, limit: 3 }));
    assert.deepEqual(
      page.map((row) => row['id']),
      [firstId + 49_999, firstId + 49_998, firstId + 49_997],
    );
    const ref = `BULK-${String(firstId + 12_345).padStart(7, '0')}`;
    assert.deepEqual(records(call('res.partner', 'search_read', [[['ref', '=', ref]]], { fields: ['name'] })).map((row) => row['id']), [firstId + 12_345]);
    // A write in the middle moves that record to the end of a write_date cursor.
    engine.setNow('2026-12-31 23:59:59');
    call('res.partner', 'write', [[firstId + 10], { email: 'changed@example.com' }]);
    const latest = records(call('res.partner', 'search_read', [[]], { fields: ['email'], order: 'write_date desc, id desc', limit: 1 }));
    assert.deepEqual(latest, [{ id: firstId + 10, email: 'changed@example.com' }]);
  });
});
