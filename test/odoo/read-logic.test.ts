// The read node's plain logic: domain validation, the cursor's stored form and its order, the run slot.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afterCursorDomain, cursorAt, decodeCursor, encodeCursor } from '../../lib/odoo/cursor';
import { andDomains, DomainError, parseDomain } from '../../lib/odoo/domain';
import { RunSlot } from '../../lib/read/run-slot';

describe('read logic', () => {
  it('takes well-formed domains and names what is wrong with others', () => {
    assert.deepEqual(parseDomain('[["a", "=", 1], "|", ["b", "in", [1, 2]], "!", ["c", "ilike", "x"]]', 'domain').length, 5);
    assert.deepEqual(parseDomain('', 'domain'), []);
    assert.deepEqual(parseDomain(['&', ['a', '=', false], ['b', '!=', null]], 'd'), ['&', ['a', '=', false], ['b', '!=', null]]);
    const bad: Array<[unknown, RegExp]> = [
      ['{"a": 1}', /domain: a domain is a JSON list/],
      ['[["a", "=="]]', /domain\[0\]: .* is not a \[field, operator, value\] triple/],
      ['[["a", "===", 1]]', /domain\[0\]: unknown operator "===" on a/],
      ['["&", ["a", "=", 1]]', /'&' at position 0 needs two conditions/],
      ['["!"]', /'!' at position 0 has no condition/],
      ['["or", ["a", "=", 1]]', /"or" is not a domain operator/],
      ['[["a", "=", 1]', /domain is not JSON/],
    ];
    for (const [value, message] of bad) assert.throws(() => parseDomain(value, 'domain'), (err: unknown) => err instanceof DomainError && message.test(err.message));
  });

  it('ANDs two domains by concatenation, which Odoo reads as an implicit AND of complete expressions', () => {
    const user = parseDomain(['|', ['a', '=', 1], ['b', '=', 2]], 'd');
    const both = andDomains(user, afterCursorDomain({ writeDate: '2026-11-02 08:00:00', id: 42 }));
    assert.equal(both.length, 8);
    assert.doesNotThrow(() => parseDomain(both, 'combined'));
  });

  it('stores the cursor as a string whose order is the (write_date, id) order', () => {
    const cursors = [
      { writeDate: '2026-11-02 08:00:00', id: 9 },
      { writeDate: '2026-11-02 08:00:00', id: 10 },
      { writeDate: '2026-11-02 08:00:00', id: 1_000_000 },
      { writeDate: '2026-11-02 08:00:01', id: 2 },
    ];
    const stored = cursors.map(encodeCursor);
    assert.equal(stored[0], '2026-11-02 08:00:00|0000000009');
    assert.deepEqual([...stored].sort(), stored);
    assert.deepEqual(stored.map((s) => decodeCursor(s, 'c')), cursors);
    assert.equal(decodeCursor(null, 'c'), null);
    assert.throws(() => decodeCursor('2026-11-02|9', 'vendors'), /cursor "vendors" holds/);
    assert.deepEqual(cursorAt({ id: 7, write_date: '2026-11-02T08:00:05Z' }, 'res.partner'), { writeDate: '2026-11-02 08:00:05', id: 7 });
    assert.throws(() => cursorAt({ id: 7, write_date: null }, 'res.partner'), /res\.partner record 7 has no write_date/);
  });

  it('runs one job at a time, queues one more, refuses the rest', async () => {
    const ran: number[] = [];
    let release: () => void = () => undefined;
    const slot = new RunSlot<number>(async (n) => {
      ran.push(n);
      if (n === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    assert.equal(slot.offer(1), 'started');
    assert.equal(slot.offer(2), 'queued');
    assert.equal(slot.offer(3), 'refused');
    release();
    await slot.idle();
    assert.deepEqual(ran, [1, 2]);
    assert.equal(slot.offer(4), 'started');
    await slot.idle();
  });
});
