import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callRequestOf, parseJsonSetting } from '../../lib/odoo/call-request';

describe('mlc-odoo-call requests', () => {
  const node = { model: 'account.move', method: 'action_post', ids: [4] };

  it('takes the node\'s call, with the message\'s ids and kwargs winning', () => {
    assert.deepEqual(callRequestOf(node, {}), { ok: true, call: { model: 'account.move', method: 'action_post', ids: [4], idempotent: false } });
    assert.deepEqual(callRequestOf(node, { ids: 7 }), { ok: true, call: { model: 'account.move', method: 'action_post', ids: [7], idempotent: false } });
  });

  it('lets a message that names a method define the whole call', () => {
    const result = callRequestOf({ ...node, args: [[['x', '=', 1]]] }, { method: 'search_count', args: [[]] });
    assert.deepEqual(result, { ok: true, call: { model: 'account.move', method: 'search_count', args: [[]], idempotent: true } });
  });

  it('refuses private methods, bad models and ids', () => {
    assert.deepEqual(callRequestOf(node, { method: '_compute_x' }).ok, false);
    assert.match(JSON.stringify(callRequestOf({ method: 'read' }, { model: 'Res Partner' })), /model: a model name/);
    assert.match(JSON.stringify(callRequestOf(node, { ids: ['7'] })), /ids/);
    assert.match(JSON.stringify(callRequestOf({}, {})), /model/);
  });

  it('reads the node\'s JSON fields', () => {
    assert.deepEqual(parseJsonSetting('args', ''), { ok: true, value: undefined });
    assert.deepEqual(parseJsonSetting('args', '[1, 2]'), { ok: true, value: [1, 2] });
    assert.equal(parseJsonSetting('kwargs', '{oops').ok, false);
  });
});
