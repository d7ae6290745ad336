import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoToOdooDatetime, normalizeRecord, odooDatetimeToIso, toOdooValues } from '../../lib/odoo';

const TYPES = new Map([
  ['name', 'char'],
  ['active', 'boolean'],
  ['partner_id', 'many2one'],
  ['write_date', 'datetime'],
  ['date', 'date'],
  ['line_ids', 'one2many'],
  ['tag_ids', 'many2many'],
]);

describe('Odoo values', () => {
  it('normalizes what Odoo sends: false → null except booleans, [id, name] → {id, name}, datetimes → ISO UTC', () => {
    const out = normalizeRecord({ id: 3, name: false, active: false, partner_id: [7, 'Acme'], write_date: '2026-11-02 08:00:05', date: '2026-11-02', line_ids: [1, 2], extra: false }, TYPES);
    assert.deepEqual(out, { id: 3, name: null, active: false, partner_id: { id: 7, name: 'Acme' }, write_date: '2026-11-02T08:00:05Z', date: '2026-11-02', line_ids: [1, 2], extra: false });
  });

  it('turns flow values back into Odoo values, also inside line commands', () => {
    const out = toOdooValues(
      {
        name: null,
        partner_id: { id: 7, name: 'Acme' },
        write_date: '2026-11-02T09:00:05+01:00',
        date: '2026-11-02T00:00:00Z',
        line_ids: [[0, 0, { partner_id: { id: 7, name: 'Acme' }, name: 'wages', analytic_distribution: { '12': 100 }, tax_ids: null, note: undefined }], [2, 5, 0]],
        tag_ids: [[6, 0, [1, 2]]],
        skipped: undefined,
      },
      TYPES,
    );
    assert.deepEqual(out, {
      name: false,
      partner_id: 7,
      write_date: '2026-11-02 08:00:05',
      date: '2026-11-02',
      line_ids: [[0, 0, { partner_id: 7, name: 'wages', analytic_distribution: { '12': 100 }, tax_ids: false }], [2, 5, 0]],
      tag_ids: [[6, 0, [1, 2]]],
    });
  });

  it('converts datetimes both ways and leaves what it cannot read', () => {
    assert.equal(odooDatetimeToIso('2026-11-02 08:00:05'), '2026-11-02T08:00:05Z');
    assert.equal(isoToOdooDatetime('2026-11-02T08:00:05.123Z'), '2026-11-02 08:00:05');
    assert.equal(isoToOdooDatetime('2026-11-02 08:00:05'), '2026-11-02 08:00:05');
    assert.equal(isoToOdooDatetime('next tuesday'), 'next tuesday');
  });
});
