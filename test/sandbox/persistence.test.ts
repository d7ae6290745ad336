import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { STATE_FILE_FORMAT, StateFileError } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import { sandboxDataFile, startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { UkgSimulator } from '../../sandbox/ukg';
import { rawRequest } from './http-client';
import { json2, payrollEntry } from './odoo/helpers';
import { call, rows } from './ukg/helpers';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-sandbox-data-'));
  dirs.push(dir);
  return dir;
}

const simulators = { odoo: () => new OdooSimulator(), ukg: () => new UkgSimulator() };
const start = (dataDir?: string): Promise<Sandbox> => startSandbox({ simulators, ports: { odoo: 0, ukg: 0 }, ...(dataDir ? { dataDir } : {}) });

function url(sandbox: Sandbox, system: 'odoo' | 'ukg'): string {
  const running = sandbox.get(system);
  assert.ok(running);
  return running.url;
}

async function partnerByXmlid(odooUrl: string, name: string): Promise<unknown> {
  const found = await json2(odooUrl, 'ir.model.data', 'search_read', { domain: [['module', '=', '__import__'], ['name', '=', name]], fields: ['model', 'res_id'] });
  assert.equal(found.status, 200);
  return found.body;
}

describe('sandbox data across restarts', () => {
  it('keeps Odoo records, external ids and id sequences, and UKG org levels, in <dataDir>/<system>.json', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    let moveId: number;
    let partnerId: number;
    try {
      assert.equal(first.get('odoo')?.restored, false, 'no data file yet: the seed');
      const created = await json2(url(first, 'odoo'), 'account.move', 'create', { vals_list: [payrollEntry(100, 100)] });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      moveId = (created.body as number[])[0]!;
      const loaded = await json2(url(first, 'odoo'), 'res.partner', 'load', { fields: ['id', 'name'], data: [['__import__.mlc_persisted_vendor', 'Persisted Vendor']] });
      assert.equal(loaded.status, 200, JSON.stringify(loaded.body));
      partnerId = (loaded.body as { ids: number[] }).ids[0]!;
      const posted = await call(url(first, 'ukg'), '/configuration/v1/org-levels', { method: 'POST', body: [{ level: 2, code: 'CC-600', description: 'Yard Operations' }] });
      assert.equal(posted.status, 207);

      // Saved before the answer went out: the file already has the move while the sandbox still runs.
      const onDisk = JSON.parse(readFileSync(sandboxDataFile(dataDir, 'odoo'), 'utf8')) as { format: string; system: string; version: number; state: { database: { tables: Record<string, { rows: { id: number }[] }> } } };
      assert.deepEqual([onDisk.format, onDisk.system, onDisk.version], [STATE_FILE_FORMAT, 'odoo', 1]);
      assert.ok(onDisk.state.database.tables['account.move']?.rows.some((row) => row.id === moveId));
    } finally {
      await first.close();
    }
    assert.deepEqual(readdirSync(dataDir).sort(), ['odoo.json', 'ukg.json'], 'no temporary files left behind');

    const second = await start(dataDir);
    try {
      assert.equal(second.get('odoo')?.restored, true);
      const moves = await json2(url(second, 'odoo'), 'account.move', 'read', { ids: [moveId], fields: ['ref', 'amount_total'] });
      assert.equal(moves.status, 200, JSON.stringify(moves.body));
      assert.deepEqual(moves.body, [{ id: moveId, ref: 'Payroll 2026-11-01..2026-11-15', amount_total: 100 }]);
      const xmlids = (await partnerByXmlid(url(second, 'odoo'), 'mlc_persisted_vendor')) as { model: string; res_id: number }[];
      assert.deepEqual(xmlids.map(({ model, res_id }) => ({ model, res_id })), [{ model: 'res.partner', res_id: partnerId }]);
      // Ids go on from where they were, as a database sequence does.
      const next = await json2(url(second, 'odoo'), 'account.move', 'create', { vals_list: [payrollEntry(5, 5)] });
      assert.ok((next.body as number[])[0]! > moveId);
      assert.ok((await rows(url(second, 'ukg'), '/configuration/v1/org-levels')).some((level) => level.code === 'CC-600'));

      // A reset goes back to the seed, and the file with it.
      assert.equal((await rawRequest(`${url(second, 'odoo')}/__sandbox/reset`, { method: 'POST' })).status, 200);
    } finally {
      await second.close();
    }

    const third = await start(dataDir);
    try {
      const moves = await json2(url(third, 'odoo'), 'account.move', 'search', { domain: [['id', '=', moveId]] });
      assert.deepEqual(moves.body, []);
      assert.deepEqual(await partnerByXmlid(url(third, 'odoo'), 'mlc_persisted_vendor'), []);
      assert.ok((await rows(url(third, 'ukg'), '/configuration/v1/org-levels')).some((level) => level.code === 'CC-600'), 'only odoo was reset');
    } finally {
      await third.close();
    }
  });

  it('keeps in-process changes (a UKG hire) on close, and a write whose answer a fault replaced after commit', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    let hired: string;
    try {
      const ukg = first.get('ukg');
      assert.ok(ukg);
      hired = (ukg.simulator as UkgSimulator).hire({ firstName: 'Noor', lastName: 'Haddad', jobCode: 'ELEC', orgLevel2Code: 'CC-300' }).employeeId;
      ukg.faults.add({ kind: 'status', status: 500, afterCommit: true, method: 'POST', path: '/configuration/v1/org-levels' });
      const cut = await call(ukg.url, '/configuration/v1/org-levels', { method: 'POST', body: [{ level: 2, code: 'CC-650', description: 'Yard West' }] });
      assert.equal(cut.status, 500);
      assert.ok((await rows(ukg.url, '/configuration/v1/org-levels')).some((level) => level.code === 'CC-650'), 'the route ran before the fault replaced its answer');
    } finally {
      await first.close();
    }
    const second = await start(dataDir);
    try {
      const ukgUrl = url(second, 'ukg');
      assert.equal((await call(ukgUrl, `/personnel/v1/person-details/${hired}`)).status, 200, 'the hire survived the restart');
      assert.ok((await rows(ukgUrl, '/configuration/v1/org-levels')).some((level) => level.code === 'CC-650'));
    } finally {
      await second.close();
    }
  });

  it('without a data directory nothing is written and every start is the seed', async () => {
    const first = await start();
    const created = await json2(url(first, 'odoo'), 'account.move', 'create', { vals_list: [payrollEntry(1, 1)] });
    const moveId = (created.body as number[])[0]!;
    assert.equal(first.get('odoo')?.dataFile, undefined);
    await first.close();
    const second = await start();
    try {
      assert.deepEqual((await json2(url(second, 'odoo'), 'account.move', 'search', { domain: [['id', '=', moveId]] })).body, []);
    } finally {
      await second.close();
    }
  });

  it('refuses a data file it cannot read rather than start from the seed beside a store that remembers more', async () => {
    const dataDir = tempDir();
    writeFileSync(sandboxDataFile(dataDir, 'odoo'), '{"format":"mlc-sandbox-state","system":"odoo","version":999,"state":{}}');
    await assert.rejects(start(dataDir), (error: unknown) => {
      assert.ok(error instanceof StateFileError, String(error));
      assert.match(error.message, /version 999.*--reset/);
      return true;
    });
    writeFileSync(sandboxDataFile(dataDir, 'odoo'), '{"format":"mlc-sandbox-st');
    await assert.rejects(start(dataDir), StateFileError);
    assert.equal(readFileSync(sandboxDataFile(dataDir, 'odoo'), 'utf8'), '{"format":"mlc-sandbox-st', 'the unreadable file is left as it was');
  });
});
