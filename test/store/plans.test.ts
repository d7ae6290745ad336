// The plans a store keeps (migration 7), the same on SQLite and PostgreSQL: entries per run and key,
// a key planned again replacing its entry, runs summarised by action, posting noted per key.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore, type Store } from '../../lib/store';
import type { PlanEntryReport } from '../../lib/store/plan-types';
import { TEST_PG_URL, dropSchema, uniqueSchemaName, whenPostgresAvailable } from '../support/postgres';

function entry(runId: string, key: string, action: PlanEntryReport['action'], extra: Partial<PlanEntryReport> = {}): PlanEntryReport {
  return {
    runId,
    key,
    action,
    system: 'odoo',
    entity: 'hr.employee',
    targetId: action === 'create' ? null : '7',
    changes: action === 'update' ? [{ field: 'name', old: 'Ann Lee', new: 'Ann Smith' }] : [],
    post: { payload: { name: 'Ann Smith', identification_id: key } },
    mlc: { key, runId },
    node: 'write-1',
    flow: 'tab-1',
    error: null,
    note: null,
    ...extra,
  };
}

function planContract(label: string, open: () => Promise<Store>): void {
  describe(`plans in the store: ${label}`, () => {
    it('keeps entries per run in key order, replaces a key planned again and pages by key', async () => {
      const store = await open();
      try {
        await store.savePlanEntries([entry('run-a', 'k2', 'update'), entry('run-a', 'k1', 'create'), entry('run-a', 'k3', 'archive'), entry('run-b', 'k1', 'unchanged')]);
        await store.savePlanEntries([entry('run-a', 'k2', 'fail', { error: { message: 'two records match', code: 'MLC_ODOO_WRITE_AMBIGUOUS' } })]);
        const all = await store.listPlanEntries('run-a');
        assert.deepEqual(all.map((e) => [e.key, e.action]), [['k1', 'create'], ['k2', 'fail'], ['k3', 'archive']]);
        assert.deepEqual(all[1]?.error, { message: 'two records match', code: 'MLC_ODOO_WRITE_AMBIGUOUS' });
        assert.deepEqual(all[0]?.post, { payload: { name: 'Ann Smith', identification_id: 'k1' } });
        assert.equal(all[0]?.postedAt, null);
        assert.match(all[0]?.plannedAt ?? '', /^\d{4}-\d{2}-\d{2}T/);
        const page = await store.listPlanEntries('run-a', { afterKey: 'k1', limit: 1 });
        assert.deepEqual(page.map((e) => e.key), ['k2']);
        const picked = await store.listPlanEntries('run-a', { keys: ['k3', 'nope'] });
        assert.deepEqual(picked.map((e) => e.key), ['k3']);
      } finally {
        await store.close();
      }
    });

    it('summarises runs by action and notes posting per key', async () => {
      const store = await open();
      try {
        await store.savePlanEntries([entry('run-c', 'a', 'create'), entry('run-c', 'b', 'update'), entry('run-c', 'c', 'update'), entry('run-c', 'd', 'archive')]);
        const run = (await store.listPlanRuns()).find((r) => r.runId === 'run-c');
        assert.deepEqual(run?.counts, { create: 1, update: 2, archive: 1, unchanged: 0, fail: 0 });
        assert.equal(run?.flow, 'tab-1');
        assert.equal(run?.postedAt, null);
        assert.equal(await store.markPlanPosted('run-c', ['a', 'b', 'zz']), 2);
        const entries = await store.listPlanEntries('run-c');
        assert.deepEqual(entries.map((e) => e.postedAt !== null), [true, true, false, false]);
        assert.ok((await store.listPlanRuns()).find((r) => r.runId === 'run-c')?.postedAt);
        // Planned again: a fresh plan, not posted yet.
        await store.savePlanEntries([entry('run-c', 'a', 'unchanged')]);
        assert.equal((await store.listPlanEntries('run-c', { keys: ['a'] }))[0]?.postedAt, null);
      } finally {
        await store.close();
      }
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'mlc-plans-'));
after(() => rmSync(dir, { recursive: true, force: true }));
planContract('SQLite', () => openStore({ kind: 'sqlite', path: join(dir, 'plans.sqlite') }));

whenPostgresAvailable('plans in the store on PostgreSQL', () => {
  const schema = uniqueSchemaName('mlc_test_plans');
  after(() => dropSchema(schema));
  planContract('PostgreSQL', () => openStore({ kind: 'postgres', connectionString: TEST_PG_URL, schema }));
});
