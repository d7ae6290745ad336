import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PinnedClock } from '../../../sandbox/odoo/engine';
import { callerFor, faultOf, ids, newEngine, records, TEST_NOW } from './helpers';

describe('odoo engine: order and paging', () => {
  it('sorts by the model default order when none is given', () => {
    const call = callerFor(newEngine());
    const accounts = records(call('account.account', 'search_read', [[]], { fields: ['code'] }));
    const codes = accounts.map((account) => account['code'] as string);
    assert.deepEqual(codes, [...codes].sort());
    // account.move: date desc, name desc, id desc
    const moves = records(call('account.move', 'search_read', [[]], { fields: ['date'] }));
    assert.deepEqual(moves.map((move) => move['date']), ['2026-10-31', '2026-10-28', '2026-10-20', '2026-10-15']);
  });

  it('applies an SQL-like order string with asc/desc per column', () => {
    const call = callerFor(newEngine());
    const byRankThenName = records(
      call('res.partner', 'search_read', [[['supplier_rank', '>', 0]]], { fields: ['name', 'supplier_rank'], order: 'supplier_rank desc, name asc' }),
    );
    for (let i = 1; i < byRankThenName.length; i++) {
      const [a, b] = [byRankThenName[i - 1]!, byRankThenName[i]!];
      const rankOrder = (b['supplier_rank'] as number) - (a['supplier_rank'] as number);
      assert.ok(rankOrder < 0 || (rankOrder === 0 && String(a['name']).toLowerCase() <= String(b['name']).toLowerCase()));
    }
    assert.deepEqual(ids(call('purchase.order', 'search', [[]], { order: 'id desc', limit: 3 })), [10, 9, 8]);
    assert.deepEqual(ids(call('purchase.order', 'search', [[]], { order: 'id DESC', limit: 2 })), [10, 9]);
  });

  it('puts empty values last ascending and first descending, unless told otherwise', () => {
    const call = callerFor(newEngine());
    const asc = records(call('purchase.order', 'search_read', [[]], { fields: ['partner_ref'], order: 'partner_ref asc, id' }));
    assert.deepEqual(asc.map((order) => order['partner_ref']).slice(0, 2), ['AL-Q-4410', 'SSF-77812']);
    assert.equal(asc[asc.length - 1]!['partner_ref'], false);
    const desc = records(call('purchase.order', 'search_read', [[]], { fields: ['partner_ref'], order: 'partner_ref desc' }));
    assert.equal(desc[0]!['partner_ref'], false);
    const nullsFirst = records(call('purchase.order', 'search_read', [[]], { fields: ['partner_ref'], order: 'partner_ref asc nulls first' }));
    assert.equal(nullsFirst[0]!['partner_ref'], false);
  });

  it('orders a many2one by the target model order (partners by name)', () => {
    const call = callerFor(newEngine());
    const orders = records(call('purchase.order', 'search_read', [[]], { fields: ['partner_id'], order: 'partner_id, id' }));
    const partnerNames = orders.map((order) => (order['partner_id'] as [number, string])[1].toLowerCase());
    assert.deepEqual(partnerNames, [...partnerNames].sort());
  });

  it('compares text case-insensitively first, like the en_US collation', () => {
    const call = callerFor(newEngine());
    call('res.partner', 'create', [[{ name: 'zeta', ref: 'CI' }, { name: 'Alpha', ref: 'CI' }, { name: 'beta', ref: 'CI' }]]);
    const sorted = records(call('res.partner', 'search_read', [[['ref', '=', 'CI']]], { fields: ['name'], order: 'name' }));
    assert.deepEqual(sorted.map((record) => record['name']), ['Alpha', 'beta', 'zeta']);
  });

  it('pages with offset and limit; limit 0, None and False mean no limit', () => {
    const call = callerFor(newEngine());
    const all = ids(call('hr.employee', 'search', [[]], { order: 'id' }));
    assert.equal(all.length, 27);
    const pages: number[] = [];
    for (let offset = 0; offset < all.length; offset += 10) pages.push(...ids(call('hr.employee', 'search', [[]], { order: 'id', offset, limit: 10 })));
    assert.deepEqual(pages, all);
    assert.equal(ids(call('hr.employee', 'search', [[]], { limit: 0 })).length, 27);
    assert.equal(ids(call('hr.employee', 'search', [[]], { limit: false })).length, 27);
    assert.equal(ids(call('hr.employee', 'search', [[]], { limit: null })).length, 27);
    assert.deepEqual(ids(call('hr.employee', 'search', [[]], { offset: 100 })), []);
    // positional arguments bind like Python's: search(domain, offset, limit, order)
    assert.deepEqual(ids(call('hr.employee', 'search', [[], 2, 3, 'id'])), all.slice(2, 5));
  });

  it('search_count caps at limit', () => {
    const call = callerFor(newEngine());
    assert.equal(call('hr.employee', 'search_count', [[]]), 27);
    assert.equal(call('hr.employee', 'search_count', [[]], { limit: 5 }), 5);
  });

  it('rejects unknown fields and malformed order strings', () => {
    const call = callerFor(newEngine());
    const unknown = faultOf(() => call('res.partner', 'search', [[]], { order: 'nope asc' }));
    assert.equal(unknown.exceptionClass, 'builtins.ValueError');
    assert.equal(unknown.message, "Invalid field 'nope' on model 'res.partner'");
    const malformed = faultOf(() => call('res.partner', 'search', [[]], { order: 'name; drop table' }));
    assert.match(malformed.message, /^Invalid "order" specified \(name; drop table\)/);
    assert.match(faultOf(() => call('res.partner', 'search', [[]], { order: 'child_ids' })).message, /Invalid "order" specified/);
  });
});

describe('odoo engine: write_date cursors', () => {
  it('seeded records share seconds of write_date', () => {
    const call = callerFor(newEngine());
    const stamps = records(call('res.partner', 'search_read', [[]], { fields: ['write_date'], order: 'write_date, id' })).map(
      (record) => record['write_date'] as string,
    );
    const distinct = new Set(stamps);
    assert.ok(distinct.size > 3, 'spread over several seconds');
    assert.ok(distinct.size < stamps.length, 'with ties');
    for (const stamp of stamps) assert.match(stamp, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('every record of one call gets the same write_date, from the engine clock', () => {
    const clock = new PinnedClock(TEST_NOW);
    const engine = newEngine();
    engine.useClock(clock);
    const call = callerFor(engine);
    const created = ids(call('res.partner', 'create', [[{ name: 'T1' }, { name: 'T2' }, { name: 'T3' }]]));
    const stamps = records(call('res.partner', 'read', [created, ['create_date', 'write_date', 'create_uid', 'write_uid']]));
    for (const stamp of stamps) {
      assert.equal(stamp['create_date'], TEST_NOW);
      assert.equal(stamp['write_date'], TEST_NOW);
      assert.deepEqual(stamp['create_uid'], [2, 'Mitchell Admin']);
    }
    clock.advance(1500);
    call('res.partner', 'write', [[created[0]], { email: 't1@example.com' }]);
    const [updated] = records(call('res.partner', 'read', [[created[0]], ['create_date', 'write_date']]));
    assert.equal(updated!['create_date'], TEST_NOW);
    assert.equal(updated!['write_date'], '2026-11-20 10:00:01');
  });

  it('a (write_date, id) cursor reads every record exactly once across tied seconds', () => {
    const engine = newEngine();
    const call = callerFor(engine);
    // 30 partners written in 3 seconds, 10 per second.
    const clock = new PinnedClock('2026-12-01 00:00:00');
    engine.useClock(clock);
    for (let second = 0; second < 3; second++) {
      call('res.partner', 'create', [Array.from({ length: 10 }, (_, i) => ({ name: `Tie ${second}-${i}`, ref: 'TIE' }))]);
      clock.advance(1000);
    }
    const seen: number[] = [];
    let cursor: { date: string; id: number } | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const after = cursor
        ? ['|', ['write_date', '>', cursor.date], '&', ['write_date', '=', cursor.date], ['id', '>', cursor.id]]
        : [];
      const page = records(
        call('res.partner', 'search_read', [[['ref', '=', 'TIE'], ...after]], { fields: ['write_date'], order: 'write_date asc, id asc', limit: 7 }),
      );
      if (page.length === 0) break;
      seen.push(...page.map((record) => record['id'] as number));
      const last = page[page.length - 1]!;
      cursor = { date: last['write_date'] as string, id: last['id'] as number };
    }
    assert.equal(seen.length, 30);
    assert.equal(new Set(seen).size, 30);
  });
});
