import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Odoo from 'odoo-xmlrpc';
import type { RunningSimulator } from '../../../sandbox/kit';
import { ADMIN_KEY, ADMIN_UID, DB, startOdoo } from './helpers';

/**
 * odoo-xmlrpc (on the npm `xmlrpc` package) was written against real Odoo servers by people outside
 * this project; if it can talk to the simulator, the XML-RPC wire format is not just self-consistent.
 */
function client(url: string, password = ADMIN_KEY): Odoo {
  return new Odoo({ url, db: DB, username: 'admin', password });
}

function connect(odoo: Odoo): Promise<number> {
  return new Promise((resolve, reject) => odoo.connect((error, uid) => (error ? reject(error as Error) : resolve(uid as number))));
}

function executeKw(odoo: Odoo, model: string, method: string, params: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => odoo.execute_kw(model, method, params, (error, value) => (error ? reject(error as Error) : resolve(value))));
}

describe('odoo simulator: a third-party XML-RPC client (odoo-xmlrpc)', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startOdoo();
  });
  after(() => sim.close());

  it('connects, search_reads and creates', async () => {
    const odoo = client(sim.url);
    assert.equal(await connect(odoo), ADMIN_UID);

    const vendors = await executeKw(odoo, 'res.partner', 'search_read', [[[['supplier_rank', '>', 0]]], { fields: ['name', 'supplier_rank', 'write_date'], limit: 3, order: 'id asc' }]);
    assert.ok(Array.isArray(vendors) && vendors.length === 3);
    for (const vendor of vendors as Array<Record<string, unknown>>) {
      assert.equal(typeof vendor['name'], 'string');
      assert.ok((vendor['supplier_rank'] as number) > 0);
      assert.match(String(vendor['write_date']), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }

    const id = await executeKw(odoo, 'res.partner', 'create', [[{ name: 'Third-Party Vendor LLC', email: 'ap@third.example', is_company: true }]]);
    assert.equal(typeof id, 'number');
    const [created] = (await executeKw(odoo, 'res.partner', 'read', [[[id]], { fields: ['name', 'email', 'is_company', 'parent_id'] }])) as Array<Record<string, unknown>>;
    assert.deepEqual(created, { id, name: 'Third-Party Vendor LLC', email: 'ap@third.example', is_company: true, parent_id: false });

    const ids = await executeKw(odoo, 'res.partner', 'create', [[[{ name: 'Batch One' }, { name: 'Batch Two' }]]]);
    assert.ok(Array.isArray(ids) && ids.length === 2);
    assert.equal(sim.log.count({ tag: { transport: 'xmlrpc', model: 'res.partner', method: 'create' } }), 2);
  });

  it('sees a refused login and a fault the way it would from Odoo', async () => {
    await assert.rejects(connect(client(sim.url, 'wrong-key')), { message: 'No UID returned from authentication.' });
    const odoo = client(sim.url);
    await connect(odoo);
    await assert.rejects(executeKw(odoo, 'res.partner', 'write', [[[99999], { name: 'x' }]]), (error: unknown) => {
      const fault = error as { faultCode?: number; faultString?: string };
      assert.equal(fault.faultCode, 2);
      assert.equal(fault.faultString, 'Record does not exist or has been deleted.\n(Record: res.partner(99999,), User: 2)');
      return true;
    });
  });
});
