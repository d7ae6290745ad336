// The employees example under the two faults a user meets: Odoo unreachable while a full sync writes
// (every create's connection dropped), then one "Replay all failed" from the sidebar's route once it
// is back; and a kill -9 of Node-RED with all 250 employees claimed and none written, then a restart
// and a rerun that does not wait for any stale time. Each ends with every UKG employee in Odoo once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import type { RunningSimulator } from '../../sandbox/kit';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { loadExample, press, until } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const FILE = 'UKG - employees to Odoo employees.json';
const ALL = { active_test: false };
const UKG_ID = ['identification_id', '=like', '____________'];
const KEYS = 'ukg:employee:';
const CREATE = '/json/2/hr.employee/create';

describe(`example "${FILE}": recovery after Odoo drops every create, and after a kill -9 mid-write`, () => {
  let sandbox: Sandbox;
  let odooSim: RunningSimulator;
  let odoo: OdooClient;
  let userDir: string;
  let nr: RunningNodeRed | null = null;
  let store: Store | null = null;

  const start = async (): Promise<RunningNodeRed> => {
    const { flows, credentials } = loadExample(FILE);
    nr = await startNodeRed('node-red', flows, { credentials, env: sandbox.environment(), userDir });
    return nr;
  };
  const storeNow = async (): Promise<Store> => (store ??= await openStore({ kind: 'sqlite', path: join(userDir, 'mlc-store.sqlite') }));
  const counts = async () => {
    const s = await storeNow();
    return {
      posted: await s.count({ keyPrefix: KEYS, status: 'posted' }),
      failed: await s.count({ keyPrefix: KEYS, status: 'failed' }),
      claimed: await s.count({ keyPrefix: KEYS, status: 'claimed' }),
    };
  };
  /** Every UKG employee id in Odoo, with how many records hold it. */
  const perEmployee = async (): Promise<Map<string, number>> => {
    const rows = await odoo.searchRead('hr.employee', { domain: [UKG_ID], fields: ['identification_id'], context: ALL });
    const seen = new Map<string, number>();
    for (const row of rows) seen.set(String(row['identification_id']), (seen.get(String(row['identification_id'])) ?? 0) + 1);
    return seen;
  };

  // A sandbox of its own per test: each starts from the seeded data (no UKG employee in Odoo yet).
  beforeEach(async () => {
    userDir = mkdtempSync(join(tmpdir(), 'mlc-emp-recovery-'));
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    odooSim = sandbox.get('odoo') as RunningSimulator;
    const env = sandbox.environment();
    odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
  });
  afterEach(async () => {
    await store?.close();
    store = null;
    await nr?.stop();
    nr = null;
    odoo?.close();
    await sandbox?.close();
    rmSync(userDir, { recursive: true, force: true });
  });

  it('every create dropped: the employees are kept as failed with their cause, and one "Replay all failed" posts each once', async () => {
    const node = await start();
    odooSim.faults.add({ kind: 'drop', method: 'POST', path: CREATE, times: 100_000 });
    await press(node, 'mlc-ex-emp-full');
    const failed = await until('the full sync to fail its creates', counts, (c) => c.failed >= 200 && c.claimed === 0, 120_000);
    const sample = (await (await storeNow()).list({ keyPrefix: KEYS, status: 'failed', limit: 1 }))[0];
    assert.match(sample?.error?.message ?? '', /socket hang up|ECONNRESET|dropped|connection/i, 'the first cause is the dropped connection');
    assert.ok(sample?.input, 'kept as UKG gave it, for the mapping');
    const before = await perEmployee();
    assert.equal([...before.values()].reduce((a, b) => a + b, 0), 250 - failed.failed, 'only the employees Odoo had already were written');

    odooSim.faults.clear();
    // The sidebar's "Replay all failed": the flow's own replay node, with its own scope.
    const res = await fetch(`${node.url}/mlc-replay/mlc-ex-emp-replay/replay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const answer = (await res.json()) as { replayed: number; node: { name: string; flow: string } };
    assert.equal(answer.replayed, failed.failed);
    assert.deepEqual(answer.node, { id: 'mlc-ex-emp-replay', name: 'replay employee failures', flow: 'mlc-ex-emp-tab' });
    const done = await until('every employee posted', counts, (c) => c.failed === 0 && c.claimed === 0 && c.posted === 250, 120_000);
    assert.equal(done.posted, 250);
    const after = await perEmployee();
    assert.equal(after.size, 250);
    assert.deepEqual([...after.entries()].filter(([, n]) => n !== 1), [], 'no employee twice');
  });

  it('kill -9 with 250 claimed and none written: the restarted instance takes the claims back at once and the rerun posts each once', async () => {
    const node = await start();
    // Hold every create: everything read is claimed, nothing reaches Odoo.
    odooSim.faults.add({ kind: 'hang', method: 'POST', path: CREATE, closeAfterMs: 60_000, times: 1000 });
    await press(node, 'mlc-ex-emp-full');
    await until('250 claimed and a create held', async () => ({ ...(await counts()), held: odooSim.log.count({ path: CREATE, outcome: 'hung' }) }), (c) => c.claimed === 250 && c.held >= 1, 120_000);
    assert.equal(await odoo.searchCount('hr.employee', [UKG_ID], ALL), 0);
    await store?.close();
    store = null;
    await node.kill();
    odooSim.faults.clear();

    await start();
    // Taken back as the store opens: failed with the reason, and free to claim again, before any rerun.
    const recovered = await until('the orphaned claims taken back', counts, (c) => c.claimed === 0, 30_000);
    assert.equal(recovered.failed, 250);
    const orphan = (await (await storeNow()).list({ keyPrefix: KEYS, limit: 1 }))[0];
    assert.equal(orphan?.error?.code, 'MLC_CLAIM_ORPHANED');
    await press(nr as unknown as RunningNodeRed, 'mlc-ex-emp-full');
    await until('every employee posted', counts, (c) => c.posted === 250 && c.failed === 0 && c.claimed === 0, 120_000);
    const inOdoo = await perEmployee();
    assert.equal(inOdoo.size, 250);
    assert.deepEqual([...inOdoo.entries()].filter(([, n]) => n !== 1), [], 'no employee twice');
  });
});
