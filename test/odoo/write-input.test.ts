// writeRequestFrom: one message to the Odoo write node's request, refused with a message naming the
// part of msg that is wrong.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { writeRequestFrom, writeSettingsFrom } from '../../lib/odoo/write-input';
import { OdooWriteError } from '../../lib/odoo/write-errors';

const settings = writeSettingsFrom({ model: 'account.move', operation: 'upsert', matchBy: 'external-id', post: true });

describe('writeRequestFrom', () => {
  it('takes a plain object as the record, as the flow gave it (not a copy)', () => {
    const payload = { ref: 'x', line_ids: [[0, 0, { name: 'a' }]] };
    const request = writeRequestFrom({ payload, key: 'k', attempt: 1 }, settings);
    assert.equal(request.values, payload);
    assert.equal(request.firstClaim, true);
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { ref: 'y' });
    assert.equal(writeRequestFrom({ payload: bare, key: 'k' }, settings).values, bare);
  });

  it('refuses a payload that is not one record: an array, a date, a string, null', () => {
    for (const payload of [[{ ref: 'x' }], new Date(), 'x', null, undefined]) {
      assert.throws(
        () => writeRequestFrom({ payload, key: 'k' }, settings),
        (err: unknown) => err instanceof OdooWriteError && err.code === 'MLC_ODOO_WRITE_BAD_INPUT' && /^msg\.payload/.test(err.message),
        String(payload),
      );
    }
  });
});
