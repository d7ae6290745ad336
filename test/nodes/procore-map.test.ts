// mlc-procore-map in Node-RED (test helper) with mlc-procore-config, against the Procore sandbox's
// seeded projects, cost codes and line item types over real sockets: a mapped purchase order gets its
// project_id and, per line, cost_code_id and line_item_type_id; an analytic account with no project row
// and a cost code the project does not have leave by output 2 with msg.error, and nothing is written.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { COMPANY_ID, PRODUCT_COST_CODES, PROJECT_IDS } from '../../sandbox/procore';
import configNode = require('../../nodes/procore/procore-config');
import mapNode = require('../../nodes/procore/procore-map');
import { collect, positioned, send, type Collected } from '../support/flow-helper';
import { call, DEMO, startProcore, token, type Procore } from '../sandbox/procore/helpers';

helper.init(require.resolve('node-red'));

type Row = Record<string, unknown>;

/** Odoo product categories → the sandbox's cost codes and line item types (PRODUCT_COST_CODES, by product). */
const [CONCRETE, REBAR, RENTAL] = (['CONC-3000', 'REBAR-5', 'RENT-EXC'] as const).map((product) => {
  const entry = PRODUCT_COST_CODES[product];
  if (!entry) throw new Error(`no seeded cost code for ${product}`);
  return { category: `Construction / ${product}`, costCode: entry[0], type: entry[1] };
}) as [{ category: string; costCode: string; type: string }, { category: string; costCode: string; type: string }, { category: string; costCode: string; type: string }];

const ROWS = [
  { kind: 'project', odoo: 'PRJ-1001', project: 'PRJ-1001' },
  { kind: 'project', odoo: 'PRJ-1002', project: String(PROJECT_IDS.oakStreet) },
  ...[CONCRETE, REBAR, RENTAL].map((c) => ({ kind: 'category', odoo: c.category, costCode: c.costCode, lineItemType: c.type })),
  { kind: 'account', odoo: '5999', costCode: '99-999', lineItemType: 'M' },
  { kind: 'product', odoo: 'LUM-2X4-8', costCode: '06-100', lineItemType: 'Materials' },
];

const po = (analytic: string, lines: Array<{ category?: string; account?: string; product?: string }>): Row => ({
  origin_id: 'purchase.order/41',
  title: 'P00041',
  analytic,
  line_items: lines.map((line, index) => ({ description: `line ${index + 1}`, amount: '100.00', ...line })),
});

describe('mlc-procore-map against the Procore sandbox', () => {
  let procore: Procore;
  let mapped: Collected;
  let refused: Collected;

  const load = (): Promise<void> =>
    helper.load(
      [configNode, mapNode],
      positioned([
        { id: 'tab', type: 'tab', label: 'procore map' },
        { id: 'pc', type: 'mlc-procore-config', name: 'Procore sandbox', environment: 'custom', apiBase: procore.url, tokenUrl: `${procore.url}/oauth/token`, companyId: String(COMPANY_ID) },
        { id: 'map', z: 'tab', type: 'mlc-procore-map', procore: 'pc', rows: ROWS, wires: [['mapped'], ['refused']] },
        { id: 'mapped', z: 'tab', type: 'helper' },
        { id: 'refused', z: 'tab', type: 'helper' },
      ]),
      { pc: DEMO },
    );
  /** What the sandbox holds, read over its API: a project's cost codes by full code, line item types by code. */
  const catalog = async (projectId: number): Promise<{ codes: Map<string, string>; types: Map<string, string> }> => {
    const bearer = await token(procore.url);
    const codes = (await call(procore.url, `/rest/v1.0/cost_codes?project_id=${projectId}&per_page=200`, { token: bearer })).json<Row[]>();
    const types = (await call(procore.url, `/rest/v1.0/line_item_types?company_id=${COMPANY_ID}`, { token: bearer })).json<Row[]>();
    return { codes: new Map(codes.map((c) => [String(c['full_code']), String(c['id'])])), types: new Map(types.map((t) => [String(t['code']), String(t['id'])])) };
  };
  const writes = (): number => procore.running.log.entries({ path: '/rest/' }).filter((entry) => entry.method !== 'GET').length;

  before(async () => {
    procore = await startProcore();
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await procore.running.close();
  });
  beforeEach(async () => {
    await procore.running.reset();
    await load();
    mapped = collect('mapped');
    refused = collect('refused');
  });
  afterEach(async () => {
    await helper.unload();
  });

  it('puts project_id on a mapped PO and cost_code_id / line_item_type_id on each line', async () => {
    send('map', { payload: po('PRJ-1001', [{ category: CONCRETE.category }, { category: REBAR.category }, { category: RENTAL.category }]) });
    await mapped.waitFor(1);
    const record = mapped.messages[0]?.['payload'] as Row;
    assert.equal(record['project_id'], String(PROJECT_IDS.riverside));
    const { codes, types } = await catalog(PROJECT_IDS.riverside);
    assert.deepEqual(
      (record['line_items'] as Row[]).map((l) => [l['cost_code_id'], l['line_item_type_id']]),
      [CONCRETE, REBAR, RENTAL].map((c) => [codes.get(c.costCode), types.get(c.type)]),
    );
    assert.ok([CONCRETE, REBAR, RENTAL].every((c) => codes.get(c.costCode) !== undefined), 'the seeded codes exist');
    const info = mapped.messages[0]?.['procore'] as { project: { id: string; projectNumber: string; analytic: string } };
    assert.deepEqual([info.project.id, info.project.projectNumber, info.project.analytic], [String(PROJECT_IDS.riverside), 'PRJ-1001', 'PRJ-1001']);
    // Cost codes are per project: the same category resolves to Oak Street's own code on its POs.
    send('map', { payload: po('PRJ-1002', [{ category: CONCRETE.category }]) });
    await mapped.waitFor(2);
    const oak = mapped.messages[1]?.['payload'] as Row;
    assert.equal(oak['project_id'], String(PROJECT_IDS.oakStreet));
    assert.equal((oak['line_items'] as Row[])[0]?.['cost_code_id'], (await catalog(PROJECT_IDS.oakStreet)).codes.get(CONCRETE.costCode));
    assert.equal(refused.messages.length, 0);
    assert.equal(writes(), 0);
  });

  it('sends an analytic account with no project mapping to output 2, naming it, while the rest go through', async () => {
    send('map', { payload: po('PRJ-1009 Lakeside Clinic', [{ category: CONCRETE.category }]) });
    send('map', { payload: po('PRJ-1001', [{ category: CONCRETE.category }]) });
    await mapped.waitFor(1);
    await refused.waitFor(1);
    const error = refused.messages[0]?.['error'] as { message: string; code: string };
    assert.equal(error.code, 'MLC_PROCORE_MAP_UNMAPPED_PROJECT');
    assert.match(error.message, /"PRJ-1009 Lakeside Clinic" has no Procore project/);
    assert.equal(writes(), 0);
  });

  it("maps a line by its product's row before its account's (a purchase order line has no account yet)", async () => {
    send('map', { payload: po('PRJ-1002', [{ product: 'lum-2x4-8', account: '5999' }, { product: 'CONC-3000', category: CONCRETE.category }]) });
    await mapped.waitFor(1);
    const { codes, types } = await catalog(PROJECT_IDS.oakStreet);
    const lines = (mapped.messages[0]?.['payload'] as Row)['line_items'] as Row[];
    assert.deepEqual(
      lines.map((l) => [l['cost_code_id'], l['line_item_type_id']]),
      [
        [codes.get('06-100'), types.get('M')],
        [codes.get(CONCRETE.costCode), types.get(CONCRETE.type)],
      ],
      'the product row wins over account 5999 (whose code Procore lacks); a product with no row falls back to its category',
    );
    assert.equal((mapped.messages[0]?.['payload'] as Row)['analytic'], undefined, 'the Odoo references give way to the Procore ids');
    assert.deepEqual(lines.map((l) => [l['product'], l['account'], l['category']].filter((v) => v !== undefined)), [[], []]);
  });

  it('an unknown cost code is a clear error before anything is written', async () => {
    send('map', { payload: po('PRJ-1001', [{ category: CONCRETE.category }, { account: '5999' }]) });
    await refused.waitFor(1);
    const error = refused.messages[0]?.['error'] as { message: string; code: string };
    assert.equal(error.code, 'MLC_PROCORE_MAP_UNKNOWN_COST_CODE');
    assert.match(error.message, /line 2 \(account "5999"\): cost code "99-999" is not in Procore project/);
    assert.equal(mapped.messages.length, 0);
    assert.equal(writes(), 0, 'nothing written to Procore');
  });
});
