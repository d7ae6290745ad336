// The ServiceNow read's queries and settings on their own: editor rows joined as ServiceNow joins them,
// the "after the cursor" query as ^NQ groups that each keep the user's conditions (an ^OR there would
// bind to one condition only), the cursor's stored form, the settings a read cannot run with, and a
// read that stops rather than loops when an instance ignores the cursor's conditions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../lib/store';
import { encodeQuery } from '../../lib/servicenow/encoded-query';
import { afterCursorQuery, decodeCursor, encodeCursor, recordKey, runServiceNowRead, type ServiceNowReadClient } from '../../lib/servicenow/read-run';
import { querySpecOf, queryFor, serviceNowReadSettingsFromNode } from '../../nodes/servicenow/servicenow-read-settings';

const SYS_ID = '0123456789abcdef0123456789abcdef';

describe('mlc-servicenow-read queries', () => {
  it('editor rows: AND starts a condition, OR is an alternative to the one before; lists, ranges and unary operators', () => {
    const spec = querySpecOf([
      { field: 'active', op: '=', value: 'true' },
      { join: 'AND', field: 'code', op: 'IN', value: 'CC-100, CC-200' },
      { join: 'OR', field: 'code', op: 'STARTSWITH', value: 'CC-9' },
      { join: 'AND', field: 'sys_created_on', op: 'BETWEEN', value: '2026-01-01 00:00:00@2026-01-31 23:59:59' },
      { join: 'AND', field: 'manager', op: 'ISNOTEMPTY' },
    ]);
    assert.ok(spec);
    assert.equal(encodeQuery(spec), 'active=true^codeINCC-100,CC-200^ORcodeSTARTSWITHCC-9^sys_created_onBETWEEN2026-01-01 00:00:00@2026-01-31 23:59:59^managerISNOTEMPTY');
    assert.equal(querySpecOf([]), null);
  });

  it('after the cursor: each group of the user query twice, once past the second and once on it past the sys_id, within the settle bound', () => {
    const user = { where: [[{ field: 'code', op: '=' as const, value: 'A' }, { field: 'code', op: '=' as const, value: 'B' }]], orGroups: [[{ field: 'active', op: '=' as const, value: 'false' }]] };
    const q = encodeQuery(afterCursorQuery(user, { updatedOn: '2026-09-01 08:00:00', sysId: SYS_ID }, '2026-12-01 00:00:00'));
    assert.equal(
      q,
      [
        'code=A^ORcode=B^sys_updated_on<=2026-12-01 00:00:00^sys_updated_on>2026-09-01 08:00:00',
        `code=A^ORcode=B^sys_updated_on<=2026-12-01 00:00:00^sys_updated_on=2026-09-01 08:00:00^sys_id>${SYS_ID}`,
        'active=false^sys_updated_on<=2026-12-01 00:00:00^sys_updated_on>2026-09-01 08:00:00',
        `active=false^sys_updated_on<=2026-12-01 00:00:00^sys_updated_on=2026-09-01 08:00:00^sys_id>${SYS_ID}`,
      ].join('^NQ') + '^ORDERBYsys_updated_on^ORDERBYsys_id',
    );
    assert.equal(encodeQuery(afterCursorQuery(null, null, null)), 'ORDERBYsys_updated_on^ORDERBYsys_id', 'no cursor yet: everything, in cursor order');
  });

  it('the cursor is stored as "date|sys_id" and anything else is refused, not taken as a fresh start', () => {
    const stored = encodeCursor({ updatedOn: '2026-09-01 08:00:00', sysId: SYS_ID });
    assert.equal(stored, `2026-09-01 08:00:00|${SYS_ID}`);
    assert.deepEqual(decodeCursor(stored, 'c', 't'), { updatedOn: '2026-09-01 08:00:00', sysId: SYS_ID });
    assert.equal(decodeCursor(null, 'c', 't'), null);
    assert.throws(() => decodeCursor('2026-09-01T08:00:00Z', 'c', 'cmn_cost_center'), { code: 'MLC_SERVICENOW_BAD_CURSOR' });
  });

  it('keys follow the stored values, also when ServiceNow sent {display_value, value}', () => {
    assert.equal(recordKey('cmn_cost_center', { sys_id: SYS_ID, sys_updated_on: '2026-09-01 08:00:00', sys_mod_count: '2' }), `servicenow:cmn_cost_center:${SYS_ID}:2026-09-01 08:00:00#2`);
    const both = { sys_id: { display_value: SYS_ID, value: SYS_ID }, sys_updated_on: { display_value: '09/01/2026 01:00:00', value: '2026-09-01 08:00:00' }, sys_mod_count: { display_value: '2', value: '2' } };
    assert.equal(recordKey('cmn_cost_center', both), `servicenow:cmn_cost_center:${SYS_ID}:2026-09-01 08:00:00#2`);
  });
});

describe('mlc-servicenow-read settings', () => {
  const settings = (fields: Record<string, unknown>) => serviceNowReadSettingsFromNode('n1', { table: 'cmn_cost_center', ...fields });

  it('defaults: editor query, stored values, pages of 200, one message per record, cursor per node and table', () => {
    const s = settings({});
    assert.deepEqual([s.queryFrom, s.query, s.displayValue, s.pageSize, s.output, s.mode, s.cursorName], ['editor', null, 'false', 200, 'record', 'all', 'servicenow-read:n1:cmn_cost_center']);
  });

  it('refuses what a read cannot run with', () => {
    assert.throws(() => settings({ mode: 'incremental', queryFrom: 'msg' }), /msg\.query cannot drive an incremental read/);
    assert.throws(() => settings({ mode: 'incremental', displayValue: 'true' }), /needs sys_updated_on as stored/);
    assert.throws(() => settings({ conditions: [{ field: 'sys_created_on', op: 'BETWEEN', value: '2026-01-01' }] }), /BETWEEN takes "from@to"/);
    assert.throws(() => settings({ conditions: [{ field: 'name', op: '=', value: "javascript:gs.getUserID()" }] }), /query refused: name: a value may not start with "javascript:"/);
    assert.throws(() => settings({ conditions: [{ field: 'name', op: 'DROP', value: 'x' }] }), /conditions/);
    assert.throws(() => settings({ fields: 'name, code^ORactive' }), /"code\^ORactive" is not a column name/);
    assert.throws(() => settings({ table: 'cmn_cost_center^x' }), /the table is a name/);
  });

  it('msg.query: refused with an editor query, sent as written when the node takes it, and never with a line break', () => {
    assert.throws(() => queryFor(settings({}), { query: 'active=true' }), { code: 'MLC_SERVICENOW_READ_BAD_MESSAGE' });
    const fromMsg = settings({ queryFrom: 'msg' });
    assert.equal(queryFor(fromMsg, { query: 'active=true^NQcode=CC-900' }), 'active=true^NQcode=CC-900');
    assert.equal(queryFor(fromMsg, {}), null);
    assert.throws(() => queryFor(fromMsg, { query: 'active=true\ncode=x' }), /line break/);
    assert.throws(() => queryFor(fromMsg, { query: { active: true } }), /must be an encoded query string/);
  });
});

describe('mlc-servicenow-read against an instance that ignores the cursor', () => {
  it('stops with an error instead of reading the same page for ever; the cursor keeps the first page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-sn-stuck-'));
    const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
    try {
      const page = [
        { sys_id: 'a'.repeat(32), sys_updated_on: '2026-09-01 08:00:00', sys_mod_count: '0' },
        { sys_id: 'b'.repeat(32), sys_updated_on: '2026-09-01 08:00:00', sys_mod_count: '0' },
      ];
      let calls = 0;
      // What an instance would do with conditions it drops: the same first page whatever the query.
      const client = {
        async *pages() {
          calls++;
          yield page;
        },
      } as unknown as ServiceNowReadClient;
      const sent: number[] = [];
      const request = { table: 'u_thing', query: null, fields: [], displayValue: 'false' as const, excludeReferenceLink: false, pageSize: 2, incremental: { store, cursorName: 'c', fromStart: false, advance: 'sent' as const, auditTimeoutMs: 1000, settleSeconds: 0 } };
      await assert.rejects(runServiceNowRead(client, request, { emit: (records) => void sent.push(records.length) }), { code: 'MLC_SERVICENOW_READ_STUCK' });
      assert.deepEqual([calls, sent], [2, [2]]);
      assert.equal((await store.getCursor('c'))?.value, `2026-09-01 08:00:00|${'b'.repeat(32)}`);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
