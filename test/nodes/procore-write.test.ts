// mlc-procore-write in real Node-RED with the real mlc-procore-config, against the Procore sandbox over
// real sockets: vendors through /sync with a partial error on output 2, a purchase order contract
// created with its lines, sent again unchanged, then changed (header and lines updated, a line added
// and one removed), a vendor bill as a direct cost of type invoice, and a create whose answer is lost
// after commit, found by origin_id and not sent again; cost codes by full code (a new division and its
// code created under it, then renamed; a code people made found by code and left as it is; one whose
// division the project lacks refused; nothing sent when sent again) and a cost code whose create answer
// was lost.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { PROJECT_IDS, ProcoreSimulator } from '../../sandbox/procore';
import procoreConfigNode = require('../../nodes/procore/procore-config');
import procoreWriteNode = require('../../nodes/procore/procore-write');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;
interface Written {
  entity: string;
  id: string;
  originId: string;
  created: boolean;
  projectId?: string;
  updated?: boolean;
  unchanged?: boolean;
  confirmedBy?: string;
  lines?: { created: number; updated: number; deleted: number };
}

const COMPANY = '4264807';
const RIVERSIDE = PROJECT_IDS.riverside;
const CONTRACTS = '/rest/v1.0/purchase_order_contracts';

describe('mlc-procore-write against the Procore sandbox', () => {
  const procore = new ProcoreSimulator();
  let sim: RunningSimulator;

  const flow = (write: Msg = {}): Msg[] =>
    positioned([
      { id: 'tab', type: 'tab', label: 'procore write' },
      { id: 'p', type: 'mlc-procore-config', name: 'Procore (test)', environment: 'custom', apiBase: sim.url, tokenUrl: `${sim.url}/oauth/token`, companyId: COMPANY, maxAttempts: 2, timeoutSeconds: 5 },
      { id: 'write', z: 'tab', type: 'mlc-procore-write', procore: 'p', operation: 'commitment', ...write, wires: [['written'], ['failed']] },
      { id: 'written', z: 'tab', type: 'helper' },
      { id: 'failed', z: 'tab', type: 'helper' },
    ]);
  const load = (write: Msg = {}): Promise<void> => helper.load([procoreConfigNode, procoreWriteNode], flow(write), { p: { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' } });
  const writtenOf = (msg: Msg | undefined) => msg?.['procore'] as Written;
  const errorOf = (msg: Msg | undefined) => msg?.['error'] as { message: string; code: string };
  const codeId = (full: string): number => {
    const [division, segment] = full.split('-');
    const parent = procore.state.costCodes.find((c) => c.project_id === RIVERSIDE && c.parent_id === null && c.code === division);
    const code = procore.state.costCodes.find((c) => c.project_id === RIVERSIDE && c.parent_id === parent?.id && c.code === segment);
    if (!code) throw new Error(`no cost code ${full}`);
    return code.id;
  };
  const typeId = (code: string): number => procore.state.lineItemTypes.find((t) => t.code === code)?.id as number;
  const vendorId = (): number => procore.state.vendors.find((v) => v.name === 'Acme Lumber Supply')?.id as number;
  const contracts = (origin: string) => procore.state.purchaseOrders.filter((po) => po.origin_id === origin && po.deleted_at === null);
  const linesOf = (origin: string) =>
    (contracts(origin)[0]?.line_items ?? []).map((l) => `${l.origin_id} ${l.cost_code_id === codeId('03-300') ? '03-300' : l.cost_code_id === codeId('06-100') ? '06-100' : String(l.cost_code_id)} ${(l.amount_cents / 100).toFixed(2)}`).sort();
  const order = (lines: Array<{ origin: string; code: string; amount: string }>, title = 'P00042 ready-mix and lumber') => ({
    project_id: String(RIVERSIDE),
    origin_id: 'odoo-po-42',
    vendor_id: vendorId(),
    title,
    status: 'Approved',
    line_items: lines.map((l) => ({ origin_id: l.origin, cost_code_id: codeId(l.code), line_item_type_id: typeId('M'), amount: l.amount, description: `line ${l.origin}` })),
  });

  before(async () => {
    sim = await startSimulator(procore, { port: 0 });
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });
  beforeEach(() => sim.reset());
  afterEach(() => helper.unload());

  it('syncs vendors by origin_id through /sync: the one Procore refused goes to output 2 with its field, the other is written', async () => {
    await load({ operation: 'vendor' });
    const written = collect('written');
    const failed = collect('failed');
    send('write', { payload: { origin_id: 'odoo-partner-501', name: 'Foothills Aggregate', city: 'Golden' }, mlc: { key: 'odoo:vendor:501' } });
    send('write', { payload: { origin_id: 'odoo-partner-502', name: 'Bad Flag Supply', is_active: 'yes' }, mlc: { key: 'odoo:vendor:502' } });
    const [ok] = await written.waitFor(1);
    const [refused] = await failed.waitFor(1);
    const vendor = procore.state.vendors.find((v) => v.origin_id === 'odoo-partner-501');
    assert.ok(vendor, 'the good vendor was created');
    assert.equal(vendor.city, 'Golden');
    assert.deepEqual(writtenOf(ok), { entity: 'vendor', id: String(vendor.id), originId: 'odoo-partner-501', created: false, updated: true });
    assert.equal(errorOf(refused).code, 'MLC_PROCORE_SYNC_REJECTED');
    assert.match(errorOf(refused).message, /^procore: vendor odoo-partner-502 was not synced: .*is_active/);
    assert.equal(procore.state.vendors.filter((v) => v.origin_id === 'odoo-partner-502').length, 0);
    assert.equal(sim.log.count({ method: 'POST', path: '/rest/v1.0/vendors' }), 0, 'only /sync writes vendors');

    // The same vendor again: still one.
    send('write', { payload: { origin_id: 'odoo-partner-501', name: 'Foothills Aggregate', city: 'Golden' }, mlc: { key: 'odoo:vendor:501' } });
    await written.waitFor(2);
    assert.equal(procore.state.vendors.filter((v) => v.origin_id === 'odoo-partner-501').length, 1);
  });

  it('links a vendor Procore already has by origin_code (the Odoo reference) instead of creating a second one', async () => {
    await load({ operation: 'vendor' });
    const written = collect('written');
    const seeded = procore.state.vendors.find((v) => v.origin_code === 'V-1001');
    assert.ok(seeded && seeded.origin_id === null, 'Procore has Acme Lumber Supply with code V-1001, not yet linked');
    const count = procore.state.vendors.length;
    send('write', { payload: { origin_id: '7', origin_code: 'V-1001', name: 'Acme Lumber Supply', city: 'Denver' }, mlc: { key: 'odoo:res.partner:7:a' } });
    send('write', { payload: { origin_id: '8', origin_code: 'V-9999', name: 'Brand New Supply' }, mlc: { key: 'odoo:res.partner:8:a' } });
    await written.waitFor(2);
    assert.equal(seeded.origin_id, '7', 'the existing vendor now carries the Odoo id');
    assert.equal(procore.state.vendors.length, count + 1, 'only the vendor Procore lacked was created');
    assert.equal(procore.state.vendors.filter((v) => v.name === 'Acme Lumber Supply').length, 1);

    // Linked: a later sync finds it by origin_id and sends no id.
    send('write', { payload: { origin_id: '7', origin_code: 'V-1001', name: 'Acme Lumber Supply Co.' }, mlc: { key: 'odoo:res.partner:7:b' } });
    await written.waitFor(3);
    assert.equal(seeded.name, 'Acme Lumber Supply Co.');
    const last = sim.log.entries({ method: 'PATCH', path: '/rest/v1.0/vendors/sync' }).at(-1);
    assert.deepEqual(((last?.body as { updates: Array<Record<string, unknown>> }).updates[0] ?? {})['id'], undefined);
    assert.equal(procore.state.vendors.length, count + 1);
  });

  it('creates a purchase order contract with its lines, finds it unchanged when sent again, and updates it and its lines when the order changed', async () => {
    await load();
    const written = collect('written');
    const first = order([
      { origin: 'odoo-pol-1', code: '03-300', amount: '1500.00' },
      { origin: 'odoo-pol-2', code: '06-100', amount: '240.50' },
    ]);
    send('write', { payload: first, mlc: { key: 'odoo:po:42' } });
    const [created] = await written.waitFor(1);
    const contract = contracts('odoo-po-42')[0];
    assert.ok(contract);
    assert.deepEqual(writtenOf(created), { entity: 'purchase_order_contract', id: String(contract.id), originId: 'odoo-po-42', created: true, projectId: String(RIVERSIDE), lines: { created: 2, updated: 0, deleted: 0 } });
    assert.deepEqual(linesOf('odoo-po-42'), ['odoo-pol-1 03-300 1500.00', 'odoo-pol-2 06-100 240.50']);

    // Replay: looked up, nothing sent.
    const writesBefore = sim.log.entries({}).filter((e) => e.method !== 'GET').length;
    send('write', { payload: first, mlc: { key: 'odoo:po:42' } });
    const [, again] = await written.waitFor(2);
    assert.deepEqual(writtenOf(again), { entity: 'purchase_order_contract', id: String(contract.id), originId: 'odoo-po-42', created: false, projectId: String(RIVERSIDE), unchanged: true, lines: { created: 0, updated: 0, deleted: 0 } });
    assert.equal(sim.log.entries({}).filter((e) => e.method !== 'GET').length, writesBefore, 'a replay sends no write');

    // Changed in Odoo: new title, line 1's amount, line 2 gone, line 3 new.
    const changed = order(
      [
        { origin: 'odoo-pol-1', code: '03-300', amount: '1750.00' },
        { origin: 'odoo-pol-3', code: '06-100', amount: '99.90' },
      ],
      'P00042 ready-mix and lumber (rev 1)',
    );
    send('write', { payload: changed, mlc: { key: 'odoo:po:42' } });
    const [, , updated] = await written.waitFor(3);
    assert.deepEqual(writtenOf(updated), { entity: 'purchase_order_contract', id: String(contract.id), originId: 'odoo-po-42', created: false, projectId: String(RIVERSIDE), updated: true, lines: { created: 1, updated: 1, deleted: 1 } });
    assert.equal(contracts('odoo-po-42').length, 1);
    assert.equal(contracts('odoo-po-42')[0]?.title, 'P00042 ready-mix and lumber (rev 1)');
    assert.deepEqual(linesOf('odoo-po-42'), ['odoo-pol-1 03-300 1750.00', 'odoo-pol-3 06-100 99.90']);
  });

  it('writes a vendor bill as a direct cost of type invoice on its project, with its lines', async () => {
    await load({ operation: 'direct-cost' });
    const written = collect('written');
    const bill = {
      project_id: String(RIVERSIDE),
      origin_id: 'odoo-bill-77',
      vendor_id: vendorId(),
      invoice_number: 'INV-2026-0077',
      direct_cost_date: '2026-11-30',
      line_items: [
        { origin_id: 'odoo-aml-1', cost_code_id: codeId('03-300'), line_item_type_id: typeId('M'), quantity: 1, unit_cost: '812.40' },
        { origin_id: 'odoo-aml-2', cost_code_id: codeId('06-100'), line_item_type_id: typeId('M'), quantity: 2, unit_cost: '10.25' },
      ],
    };
    send('write', { payload: bill, mlc: { key: 'odoo:bill:77' } });
    const [made] = await written.waitFor(1);
    const costs = procore.state.directCosts.filter((dc) => dc.origin_id === 'odoo-bill-77');
    assert.equal(costs.length, 1);
    const cost = costs[0]!;
    assert.equal(cost.direct_cost_type, 'invoice');
    assert.equal(cost.project_id, RIVERSIDE);
    assert.equal(cost.invoice_number, 'INV-2026-0077');
    assert.deepEqual(cost.line_items.map((l) => [l.origin_id, (l.amount_cents / 100).toFixed(2)]).sort(), [['odoo-aml-1', '812.40'], ['odoo-aml-2', '20.50']]);
    assert.deepEqual(writtenOf(made), { entity: 'direct_cost', id: String(cost.id), originId: 'odoo-bill-77', created: true, projectId: String(RIVERSIDE), lines: { created: 2, updated: 0, deleted: 0 } });
    assert.equal(sim.log.count({ method: 'POST', path: `/rest/v1.1/projects/${RIVERSIDE}/direct_costs` }), 1);

    send('write', { payload: bill, mlc: { key: 'odoo:bill:77' } });
    const [, again] = await written.waitFor(2);
    assert.equal(writtenOf(again).unchanged, true);
    assert.equal(procore.state.directCosts.filter((dc) => dc.origin_id === 'odoo-bill-77').length, 1);
  });

  it('finds a contract whose create answer was lost after commit by its origin_id, and sends neither it nor its lines twice', async () => {
    await load();
    sim.faults.add({ kind: 'drop', afterCommit: true, method: 'POST', path: CONTRACTS });
    const written = collect('written');
    send('write', { payload: order([{ origin: 'odoo-pol-1', code: '03-300', amount: '1500.00' }, { origin: 'odoo-pol-2', code: '06-100', amount: '240.50' }]), mlc: { key: 'odoo:po:42' } });
    const [found] = await written.waitFor(1);
    assert.equal(writtenOf(found).confirmedBy, 'lookup');
    assert.equal(writtenOf(found).created, false);
    assert.equal(sim.log.entries({ method: 'POST', path: CONTRACTS }).filter((e) => e.path === CONTRACTS).length, 1, 'the create was not resent');
    assert.equal(sim.log.entries({ method: 'POST', path: CONTRACTS }).filter((e) => e.path.endsWith('/line_items')).length, 2, 'each line sent once');
    assert.equal(contracts('odoo-po-42').length, 1);
    assert.deepEqual(linesOf('odoo-po-42'), ['odoo-pol-1 03-300 1500.00', 'odoo-pol-2 06-100 240.50']);
    assert.equal(sim.log.entries({ method: 'GET', path: CONTRACTS }).filter((e) => e.path === CONTRACTS).length, 2, 'looked up before the create and after its lost answer');
  });

  const COST_CODES = '/rest/v1.0/cost_codes';
  const liveCodes = (project: number) => procore.state.costCodes.filter((c) => c.project_id === project && c.deleted_at === null);
  const fullCodeOf = (id: number): string => {
    const code = procore.state.costCodes.find((c) => c.id === id);
    if (!code) return '';
    return code.parent_id === null ? code.code : `${fullCodeOf(code.parent_id)}-${code.code}`;
  };
  const costCode = (origin: string, code: string, name: string, project: number = RIVERSIDE) => ({ payload: { project_id: project, origin_id: origin, code, name }, mlc: { key: `odoo:aa:${origin}` } });

  it('writes cost codes by full code: a new division and its code under it, a code made in Procore left as it is, a code whose division is missing refused; sent again, nothing; renamed, one PATCH', async () => {
    await load({ operation: 'cost-code' });
    const written = collect('written');
    const failed = collect('failed');
    const before = liveCodes(RIVERSIDE).length;
    // The code before its division: the writer orders a batch by depth.
    send('write', costCode('901', '02-410', 'Demolition'));
    send('write', costCode('900', '02', 'Existing Conditions'));
    send('write', costCode('902', '01-540', 'Equipment Rentals'));
    send('write', costCode('903', '05-120', 'Structural Steel'));
    send('write', costCode('904', '03-', 'Half a code'));
    await written.waitFor(3);
    const refusals = await failed.waitFor(2);
    const refused = refusals.find((m) => errorOf(m).code === 'MLC_PROCORE_COST_CODE_PARENT_UNKNOWN');
    assert.match(errorOf(refused).message, /no cost code 05 to hold 05-120/);
    const unusable = refusals.find((m) => errorOf(m).code === 'MLC_PROCORE_INPUT');
    assert.match(errorOf(unusable).message, /code: a cost code neither starts nor ends with "-"/);
    const byOrigin = (origin: string) => liveCodes(RIVERSIDE).filter((c) => c.origin_id === origin);
    assert.equal(liveCodes(RIVERSIDE).length, before + 2, 'the division and its code, nothing else');
    assert.deepEqual(byOrigin('900').map((c) => [fullCodeOf(c.id), c.name]), [['02', 'Existing Conditions']]);
    assert.deepEqual(byOrigin('901').map((c) => [fullCodeOf(c.id), c.name]), [['02-410', 'Demolition']]);
    const rental = liveCodes(RIVERSIDE).filter((c) => fullCodeOf(c.id) === '01-540');
    assert.deepEqual(rental.map((c) => [c.name, c.origin_id]), [['Equipment Rental', null]], 'found by code and left as Procore holds it');
    assert.equal(sim.log.count({ method: 'GET', path: COST_CODES }), 1, 'the project\'s list read once for the batch');
    const outcomes = written.messages.map(writtenOf);
    assert.deepEqual(outcomes.map((o) => [o.originId, o.created, o.unchanged ?? false]).sort(), [['900', true, false], ['901', true, false], ['902', false, true]]);

    const calls = sim.log.entries({}).length;
    for (const [origin, code, name] of [['900', '02', 'Existing Conditions'], ['901', '02-410', 'Demolition'], ['902', '01-540', 'Equipment Rentals']] as const) send('write', costCode(origin, code, name));
    const again = await written.waitFor(6);
    assert.deepEqual(again.slice(3).map((m) => writtenOf(m).unchanged), [true, true, true]);
    assert.deepEqual(sim.log.entries({}).slice(calls).map((e) => e.method), ['GET'], 'one read of the list, nothing written');

    send('write', costCode('901', '02-410', 'Demolition and Removal'));
    const [, , , , , , renamed] = await written.waitFor(7);
    assert.deepEqual([writtenOf(renamed).updated, writtenOf(renamed).created], [true, false]);
    assert.deepEqual(byOrigin('901').map((c) => c.name), ['Demolition and Removal']);
    assert.equal(sim.log.count({ method: 'PATCH', path: COST_CODES }), 1);
  });

  it('finds a cost code whose create answer was lost after commit, and does not create it twice', async () => {
    await load({ operation: 'cost-code' });
    sim.faults.add({ kind: 'drop', afterCommit: true, method: 'POST', path: COST_CODES });
    const written = collect('written');
    send('write', costCode('910', '03-350', 'Concrete Finishing', PROJECT_IDS.oakStreet));
    const [found] = await written.waitFor(1);
    assert.equal(writtenOf(found).confirmedBy, 'lookup');
    assert.equal(writtenOf(found).entity, 'cost_code');
    assert.equal(sim.log.count({ method: 'POST', path: COST_CODES }), 1, 'the create was not resent');
    assert.deepEqual(liveCodes(PROJECT_IDS.oakStreet).filter((c) => c.origin_id === '910').map((c) => fullCodeOf(c.id)), ['03-350']);
    assert.equal(sim.log.count({ method: 'GET', path: COST_CODES }), 2, 'listed before the create and after its lost answer');
  });
});
