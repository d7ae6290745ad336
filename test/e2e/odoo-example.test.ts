// The bundled Odoo example in a real Node-RED 5, against the Odoo sandbox, configured the way
// `npm start` configures it: ${MLC_SANDBOX_ODOO_*} values in the config node, credentials in
// flows_cred.json, no secret in the flow file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { loadExample, press, until } from '../support/e2e';
import { PROJECT_ROOT, startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const FILE = 'Odoo - read vendors, call a method.json';

describe(`example "${FILE}" in Node-RED 5 against the Odoo sandbox`, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let store: Store;

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const { flows, credentials } = loadExample(FILE);
    nr = await startNodeRed('node-red', flows, { credentials, env: sandbox.environment() });
    store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
  });
  after(async () => {
    await store?.close();
    await nr?.stop();
    await sandbox?.close();
  });

  it('keeps no secret in the example file', () => {
    const text = readFileSync(join(PROJECT_ROOT, 'examples', FILE), 'utf8');
    assert.doesNotMatch(text, /mlc-demo-key/);
    assert.match(text, /\$\{MLC_SANDBOX_ODOO_API_KEY\}/);
  });

  it('reads every vendor once, then nothing on the second press; the call node counts entries', async () => {
    const odoo = sandbox.get('odoo');
    assert.ok(odoo);
    await press(nr, 'mlc-ex-odoo-inject');
    const vendorsRead = () => store.count({ status: 'posted', keyPrefix: 'odoo.vendors:odoo:res.partner:' });
    const first = await until('vendors posted', vendorsRead, (n) => n > 0);
    const settled = await until('the run to finish', () => store.listRuns({ limit: 5 }), (runs) => runs.some((r) => r.status === 'finished'));
    const run = settled.find((r) => r.status === 'finished');
    assert.equal(run?.counts.read, await vendorsRead());
    assert.ok(first > 0);
    const cursor = (await store.getCursor('odoo-read:mlc-ex-odoo-read:res.partner'))?.value;
    assert.match(cursor ?? '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\|\d+$/);

    await press(nr, 'mlc-ex-odoo-inject');
    await until('a second finished run', () => store.listRuns({ limit: 5 }), (runs) => runs.filter((r) => r.status === 'finished').length >= 2);
    const runs = await store.listRuns({ limit: 5 });
    const counted = runs.filter((r) => r.status === 'finished').map((r) => r.counts.read ?? 0);
    assert.ok(counted.includes(0), `one run read nothing: ${JSON.stringify(counted)}`);

    const before = odoo.log.count({ method: 'POST', path: '/json/2/account.move/search_count' });
    await press(nr, 'mlc-ex-odoo-call-inject');
    await until('the count call', async () => odoo.log.count({ method: 'POST', path: '/json/2/account.move/search_count' }), (n) => n > before);
  });
});
