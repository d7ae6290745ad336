// What mlc-ukg-write makes of a message before any request: the POST item, the PATCH changes (no key
// fields), the operation, and the refusals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orgLevelRequestFrom, parseOperation } from '../../lib/ukg/org-level-input';

describe('org level input', () => {
  it('splits a payload into the create body and the update changes', () => {
    const request = orgLevelRequestFrom({ level: '2', code: ' CC-600 ', description: 'Yard', glSegment: null, isActive: false, levelDescription: 'Cost Center', budgetGroup: 'BR-E' }, 'upsert');
    assert.equal(request.level, 2);
    assert.equal(request.code, 'CC-600');
    assert.deepEqual(request.record, { level: 2, code: 'CC-600', description: 'Yard', isActive: false, levelDescription: 'Cost Center', budgetGroup: 'BR-E' });
    assert.deepEqual(request.changes, { description: 'Yard', glSegment: null, isActive: false, budgetGroup: 'BR-E' });
  });

  it('needs a description to create but not to update', () => {
    assert.throws(() => orgLevelRequestFrom({ level: 2, code: 'CC-1' }, 'create'), /description/);
    assert.throws(() => orgLevelRequestFrom({ level: 2, code: 'CC-1', description: ' ' }, 'upsert'), /description/);
    assert.deepEqual(orgLevelRequestFrom({ level: 2, code: 'CC-1', isActive: true }, 'update').changes, { isActive: true });
  });

  it('refuses what is not one org level, with the field to fix', () => {
    assert.throws(() => orgLevelRequestFrom([{ level: 2, code: 'A', description: 'x' }], 'create'), /not an array/);
    assert.throws(() => orgLevelRequestFrom({ level: 0, code: 'A', description: 'x' }, 'create'), /msg\.payload\.level/);
    assert.throws(() => orgLevelRequestFrom({ level: 2, code: '', description: 'x' }, 'create'), /msg\.payload\.code/);
    assert.throws(() => orgLevelRequestFrom('CC-1', 'create'), /msg\.payload/);
  });

  it('takes msg.operation when given, the node\'s otherwise', () => {
    assert.equal(parseOperation(undefined, 'upsert'), 'upsert');
    assert.equal(parseOperation('', 'create'), 'create');
    assert.equal(parseOperation('update', 'create'), 'update');
    assert.throws(() => parseOperation('delete', 'create'), /create, update, upsert/);
  });
});
