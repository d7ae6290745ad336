// Two Node-RED instances running the same example flows over one PostgreSQL store, as a pair of
// containers would: both fire the employee sync and the GL post at once; the one that reads the
// employees is killed (kill -9) while every create is held, then restarted with the same instance
// name (as a container comes back with its host name and pid). Each read runs on one instance only,
// its run has its own id and counts, the restarted instance takes its claims back at once, and every
// employee and journal entry ends in Odoo exactly once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { RunRecord, Store } from '../../lib/store/types';
import type { RunningSimulator } from '../../sandbox/kit';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { loadExamples, press, until, type FlowNode } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';
import { dropSchema, TEST_PG_URL, uniqueSchemaName, whenPostgresAvailable, withPgClient } from '../support/postgres';

const FILES = ['UKG - employees to Odoo employees.json', 'UKG - payroll GL to Odoo journal entries.json', 'UKG - cost centers both ways.json'];
const ALL = { active_test: false };
const UKG_ID = ['identification_id', '=like', '____________'];
const EMPLOYEES = 'ukg:employee:';
const GL_RUN = 'GL-MLCO1-20261130';
const CREATE = '/json/2/hr.employee/create';
const EMP_READ = 'mlc-ex-emp-read-full';
const EMP_RUNS = 'ukg-read:employees:';
const GL_RUNS = 'ukg-read:gl:';

interface Instance {
  name: string;
  userDir: string;
  nr: RunningNodeRed | null;
}

whenPostgresAvailable('two Node-RED instances over one PostgreSQL store', () => {
  describe('two Node-RED instances over one PostgreSQL store, one killed mid-write and restarted', () => {
    let sandbox: Sandbox;
    let odooSim: RunningSimulator;
    let odoo: OdooClient;
    let store: Store;
    const schema = uniqueSchemaName('mlc_two');
    const instances: Instance[] = ['inst-a', 'inst-b'].map((name) => ({ name, userDir: mkdtempSync(join(tmpdir(), `mlc-two-${name}-`)), nr: null }));
    let flows: FlowNode[] = [];
    let credentials: Record<string, Record<string, string>> = {};

    const start = async (instance: Instance): Promise<RunningNodeRed> => {
      instance.nr = await startNodeRed('node-red', flows, { credentials, env: { ...sandbox.environment(), MLC_INSTANCE_ID: instance.name }, userDir: instance.userDir });
      return instance.nr;
    };
    const employeeCounts = async () => ({
      posted: await store.count({ keyPrefix: EMPLOYEES, status: 'posted' }),
      failed: await store.count({ keyPrefix: EMPLOYEES, status: 'failed' }),
      claimed: await store.count({ keyPrefix: EMPLOYEES, status: 'claimed' }),
    });
    const runsOf = async (prefix: string): Promise<RunRecord[]> => (await store.listRuns({ limit: 200 })).filter((r) => r.runId.startsWith(prefix));
    const slowFirstPages = (): void => {
      const ukg = sandbox.get('ukg') as RunningSimulator;
      ukg.faults.add([
        { kind: 'delay', ms: 2000, method: 'GET', path: '/personnel/v1/employment-details' },
        { kind: 'delay', ms: 2000, method: 'GET', path: '/payroll/v2/general-ledger' },
      ]);
    };
    const leaseHolder = (name: string): Promise<string | null> =>
      withPgClient(async (client) => {
        const rows = await client.query<{ holder: string }>(`SELECT holder FROM "${schema}".mlc_leases WHERE name = $1`, [name]);
        return rows.rows[0]?.holder ?? null;
      });

    before(async () => {
      sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
      odooSim = sandbox.get('odoo') as RunningSimulator;
      const env = sandbox.environment();
      odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
      ({ flows, credentials } = loadExamples(...FILES));
      // The examples' store, moved to PostgreSQL: what several instances share.
      flows = flows.map((n) => (n.id === 'mlc-ex-store' ? { ...n, name: 'shared store', backend: 'postgres', connectionString: TEST_PG_URL, schema, path: '' } : n));
      store = await openStore({ kind: 'postgres', connectionString: TEST_PG_URL, schema });
      await Promise.all(instances.map(start));
    });
    after(async () => {
      await Promise.all(instances.map((i) => i.nr?.stop()));
      await store?.close();
      odoo?.close();
      await sandbox?.close();
      await dropSchema(schema).catch(() => undefined);
      for (const i of instances) rmSync(i.userDir, { recursive: true, force: true });
    });

    it('both fire both flows at once: each read runs once, on one instance, with its own run id and counts', async () => {
      // Every employee create is held, so the employee writer is caught mid-write.
      odooSim.faults.add({ kind: 'hang', method: 'POST', path: CREATE, closeAfterMs: 120_000, times: 1000 });
      // Each read's first page is slow, so the other instance's trigger surely lands while it runs.
      slowFirstPages();
      await Promise.all(instances.flatMap((i) => [press(i.nr as RunningNodeRed, 'mlc-ex-emp-full'), press(i.nr as RunningNodeRed, 'mlc-ex-gl-run')]));
      await until('all 250 employees claimed, creates held', async () => ({ ...(await employeeCounts()), held: odooSim.log.count({ path: CREATE, outcome: 'hung' }) }), (c) => c.claimed === 250 && c.held >= 1, 120_000);
      await until('the GL run audited', () => store.count({ keyPrefix: `ukg:gl:${GL_RUN}:` }), (n) => n === 3, 120_000);

      const employeeRuns = await runsOf(EMP_RUNS);
      assert.equal(employeeRuns.length, 1, `one employee read for two triggers: ${employeeRuns.map((r) => r.runId).join(', ')}`);
      assert.equal(employeeRuns[0]?.counts['read'], 250, 'read once, not once per instance');
      const glRuns = await runsOf(GL_RUNS);
      assert.equal(glRuns.length, 1);
      assert.equal(glRuns[0]?.counts['read'], 3, 'three branches read once');
      assert.match(employeeRuns[0]?.runId ?? '', /:[0-9a-f]{8}\.\d+$/, 'the run id names its process start');
      const moves = await odoo.searchRead('account.move', { domain: [['ref', '=like', `UKG payroll ${GL_RUN} %`]], fields: ['ref'] });
      assert.equal(moves.length, 2, 'BR-N and BR-S posted once each (BR-E waits for its cost center)');
    });

    it('the reader is killed and restarted under the same name: its claims and lease come back at once, and a rerun posts every employee once', async () => {
      // The instance whose dedup claimed the employees (its owner names the process) is the one to kill.
      const claim = (await store.list({ keyPrefix: EMPLOYEES, status: 'claimed', limit: 1 }))[0];
      const reader = instances.find((i) => claim?.claimedBy?.includes(`:${String(i.nr?.pid)}:`));
      assert.ok(reader, `the claims name one of the instances' processes: ${String(claim?.claimedBy)}`);
      await (reader.nr as RunningNodeRed).kill();
      odooSim.faults.clear();
      await start(reader);
      const recovered = await until('the dead start\'s claims taken back', employeeCounts, (c) => c.claimed === 0, 60_000);
      assert.equal(recovered.failed, 250);
      assert.equal(await leaseHolder(`read:${EMP_READ}`), null, 'no read lease is left behind to wait for');

      // Both fire again; one reads.
      slowFirstPages();
      await Promise.all(instances.map((i) => press(i.nr as RunningNodeRed, 'mlc-ex-emp-full')));
      await until('every employee posted', employeeCounts, (c) => c.posted === 250 && c.failed === 0 && c.claimed === 0, 180_000);
      const rows = await odoo.searchRead('hr.employee', { domain: [UKG_ID], fields: ['identification_id'], context: ALL });
      const perId = new Map<string, number>();
      for (const row of rows) perId.set(String(row['identification_id']), (perId.get(String(row['identification_id'])) ?? 0) + 1);
      assert.equal(perId.size, 250);
      assert.deepEqual([...perId.entries()].filter(([, n]) => n !== 1), [], 'no employee twice');
      const runs = await runsOf(EMP_RUNS);
      assert.equal(runs.length, 2, 'the killed run and the rerun; the other instance read neither time');
      assert.equal(new Set(runs.map((r) => r.runId)).size, 2);
      for (const run of runs) assert.equal(run.counts['read'], 250);
    });
  });
});
