import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import { OdooClient, OdooError, type OdooSettingsInput, type TransportKind } from '../../lib/odoo';

const TRANSPORTS: TransportKind[] = ['json2', 'xmlrpc', 'jsonrpc'];

async function odooFailure(promise: Promise<unknown>): Promise<OdooError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof OdooError, `expected an OdooError, got ${inspect(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('lib/odoo client against the Odoo sandbox', () => {
  let sim: RunningSimulator;
  let clients: OdooClient[] = [];
  const connect = (extra: Partial<OdooSettingsInput> = {}): OdooClient => {
    const client = new OdooClient({ configName: 'Odoo (test)', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', ...extra });
    clients.push(client);
    return client;
  };

  before(async () => {
    sim = await startSimulator(new OdooSimulator(), { port: 0 });
  });
  beforeEach(() => {
    sim.reset();
    for (const client of clients) client.close();
    clients = [];
  });
  after(async () => {
    for (const client of clients) client.close();
    await sim.close();
  });

  it('auto picks JSON-2 on Odoo 19 and reports version, transport and user', async () => {
    const report = await connect().testConnection();
    assert.deepEqual(report, { serverVersion: '19.0', transport: 'json2', uid: 2, userName: report.userName });
    assert.ok(report.userName.length > 0);
  });

  it('auto falls back to XML-RPC on Odoo 17', async () => {
    const old = await startSimulator(new OdooSimulator({ serverVersion: '17.0' }), { port: 0 });
    try {
      const client = new OdooClient({ configName: 'Odoo 17', url: old.url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
      clients.push(client);
      assert.equal((await client.testConnection()).transport, 'xmlrpc');
    } finally {
      await old.close();
    }
  });

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, () => {
      it('reads vendors with a domain, fields, order and limit, normalized', async () => {
        const client = connect({ transport });
        const vendors = await client.searchRead('res.partner', {
          domain: [['supplier_rank', '>', 0]],
          fields: ['name', 'supplier_rank', 'write_date', 'company_id', 'vat', 'is_company'],
          order: 'id asc',
          limit: 3,
        });
        assert.equal(vendors.length, 3);
        const [first] = vendors;
        assert.ok(first);
        assert.equal(typeof first['id'], 'number');
        assert.match(String(first['write_date']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        assert.equal(typeof first['is_company'], 'boolean', 'a boolean false stays false');
        const company = first['company_id'];
        assert.ok(company === null || (typeof company === 'object' && typeof (company as { id: unknown }).id === 'number'), inspect(company));
        const vendorIds = await client.search('res.partner', [['supplier_rank', '>', 0]]);
        assert.ok(vendorIds.length > 3);
        assert.equal(await client.searchCount('res.partner', [['supplier_rank', '>', 0]]), vendorIds.length);
        const raw = await client.searchRead('res.partner', { domain: [['supplier_rank', '>', 0]], fields: ['write_date'], limit: 1, raw: true });
        assert.match(String(raw[0]?.['write_date']), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      });

      it('creates a list in one call, writes, reads back, and unlinks', async () => {
        const client = connect({ transport });
        const before = sim.log.count({});
        const ids = await client.create('res.partner', [
          { name: `Vendor A ${transport}`, supplier_rank: 1, ref: `A-${transport}` },
          { name: `Vendor B ${transport}`, supplier_rank: 1, ref: `B-${transport}`, email: null },
        ]);
        assert.equal(ids.length, 2);
        assert.ok(sim.log.count({}) - before <= 3, 'one create call (plus at most a fields_get and a login)');
        assert.equal(await client.write('res.partner', [ids[0]!], { email: 'a@example.com' }), true);
        const [read] = await client.read('res.partner', [ids[0]!], ['email', 'name']);
        assert.equal(read?.['email'], 'a@example.com');
        assert.equal(await client.unlink('res.partner', ids), true);
        assert.equal(await client.searchCount('res.partner', [['id', 'in', ids]]), 0);
      });

      it('lists fields and finds by name', async () => {
        const client = connect({ transport });
        const fields = await client.fieldsGet('account.move');
        assert.equal(fields['line_ids']?.['type'], 'one2many');
        const found = await client.nameSearch('res.partner', 'a', { limit: 2 });
        assert.ok(found.length > 0 && typeof found[0]?.id === 'number' && typeof found[0]?.name === 'string');
      });

      it('turns each Odoo fault into a typed error with Odoo\'s message', async () => {
        const client = connect({ transport });
        const journal = (await client.search('account.journal', [['code', '=', 'MISC']], { limit: 1 }))[0];
        const accounts = await client.search('account.account', [['code', 'in', ['6100', '2100']]], { order: 'code asc' });
        assert.ok(journal && accounts.length === 2);
        // Odoo checks the balance when the entry is created with its lines.
        const unbalanced = await odooFailure(client.create('account.move', [
          {
            move_type: 'entry',
            journal_id: journal,
            ref: `unbalanced ${transport}`,
            line_ids: [
              [0, 0, { account_id: accounts[1], name: 'wages', debit: 100, credit: 0 }],
              [0, 0, { account_id: accounts[0], name: 'accrued', debit: 0, credit: 90 }],
            ],
          },
        ]));
        assert.equal(unbalanced.code, 'MLC_ODOO_VALIDATION');
        assert.match(unbalanced.odooMessage, /is not balanced/);
        assert.match(unbalanced.message, /^odoo: account\.move\.create failed: /);

        const missing = await odooFailure(client.read('res.partner', [999_999], ['name']));
        assert.equal(missing.code, 'MLC_ODOO_MISSING');
        const unknownField = await odooFailure(client.searchRead('res.partner', { fields: ['no_such_field'], limit: 1 }));
        assert.equal(unknownField.code, 'MLC_ODOO_UNKNOWN_FIELD');
        const unknownModel = await odooFailure(client.searchRead('no.such.model', { limit: 1 }));
        assert.equal(unknownModel.code, 'MLC_ODOO_NOT_FOUND');

        const reader = connect({ transport, username: 'reader', apiKey: 'mlc-reader-key' });
        const denied = await odooFailure(reader.create('res.partner', [{ name: 'not allowed' }]));
        assert.equal(denied.code, 'MLC_ODOO_ACCESS_RIGHTS');
      });

      it('names the config node on a wrong API key and never shows the key', async () => {
        const client = connect({ transport, apiKey: 'wrong-Key-Value-31337' });
        const err = await odooFailure(client.searchRead('res.partner', { limit: 1 }));
        assert.equal(err.code, 'MLC_ODOO_ACCESS_DENIED');
        assert.match(err.message, /config node "Odoo \(test\)"/);
        for (const text of [err.message, err.stack ?? '', inspect(err, { depth: null }), JSON.stringify(err)]) assert.doesNotMatch(text, /wrong-Key-Value-31337/);
      });
    });
  }

});
