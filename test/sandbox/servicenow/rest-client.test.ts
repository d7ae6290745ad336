import assert from 'node:assert/strict';
import { request, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { INTEGRATION_USER, LEGAL_ENTITY } from '../../../sandbox/servicenow';
import { startServiceNow, type ServiceNow } from './helpers';

/**
 * `servicenow-rest-api` (npm, 1.2.2), a ServiceNow client nobody here wrote. It builds every URL as
 * `https://<instance>.service-now.com/...`, so its axios instance gets a `transport` (an axios option it
 * passes through `setNetworkOptions`) that opens a plain socket to the sandbox instead; the paths,
 * query strings, headers and bodies are all the library's own.
 */
type Callback = (result: any) => void;
interface ServiceNowClient {
  setNetworkOptions(options: Record<string, unknown>): void;
  getTableData(fields: string[], filters: string[], table: string, callback: Callback): void;
  createNewTask(data: Record<string, string>, table: string, callback: Callback): void;
  getSysId(table: string, number: string, callback: Callback): void;
  UpdateTask(table: string, number: string, data: Record<string, string>, callback: Callback): void;
  DeleteTask(table: string, number: string, callback: Callback): void;
}
type ClientConstructor = new (instance: string, user: string, password: string) => ServiceNowClient;

const ServiceNowRest = createRequire(__filename)('servicenow-rest-api') as ClientConstructor;

describe('ServiceNow sandbox through servicenow-rest-api', () => {
  let sn: ServiceNow;
  before(async () => {
    sn = await startServiceNow();
  });
  after(() => sn.running.close());

  // The library keeps one axios for the whole process and replaces it with `axios.create(options)` on
  // setNetworkOptions, so a second call fails ("axios.create is not a function"): route it once.
  let routed = false;
  const client = (password = INTEGRATION_USER.password): ServiceNowClient => {
    const snow = new ServiceNowRest('dev-mlc', INTEGRATION_USER.userName, password);
    if (!routed) {
      routed = true;
      snow.setNetworkOptions({
        transport: { request: (options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest => request({ ...options, protocol: 'http:', hostname: '127.0.0.1', host: '127.0.0.1', port: sn.running.port, agent: false }, callback) },
      });
    }
    return snow;
  };
  const call = <T,>(run: (done: Callback) => void): Promise<T> => new Promise((resolve) => run(resolve));

  it('creates a purchase order by display values, finds it, reads it, updates it by number and deletes it', async () => {
    const snow = client();
    const created = await call<Record<string, any>>((done) => snow.createNewTask({ erp_po_number: 'P00077', erp_source: 'odoo', supplier: 'Acme Lumber Supply', legal_entity: LEGAL_ENTITY.name, total_amount: '1200.00' }, 'sn_shop_purchase_order', done));
    assert.equal(created.number, 'PO0001001');
    assert.equal(created.supplier.display_value, 'Acme Lumber Supply');
    assert.equal(created.total_amount, '1200.00');

    const rows = await call<Array<Record<string, any>>>((done) => snow.getTableData(['number', 'supplier', 'legal_entity'], ['erp_po_number=P00077', 'erp_source=odoo'], 'sn_shop_purchase_order', done));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.number, 'PO0001001');
    assert.equal(rows[0]!.legal_entity.display_value, LEGAL_ENTITY.name);

    const sysId = await call<string>((done) => snow.getSysId('sn_shop_purchase_order', 'PO0001001', done));
    assert.match(sysId, /^[0-9a-f]{32}$/);
    const updated = await call<Record<string, any>>((done) => snow.UpdateTask('sn_shop_purchase_order', 'PO0001001', { status: 'ordered' }, done));
    assert.equal(updated.status, 'ordered');
    assert.equal(updated.sys_mod_count, '1');
    const deleted = await call<{ status: number }>((done) => snow.DeleteTask('sn_shop_purchase_order', 'PO0001001', done));
    assert.equal(deleted.status, 204);
    assert.deepEqual(await call((done) => snow.getTableData([], ['erp_po_number=P00077'], 'sn_shop_purchase_order', done)), []);
  });

  it('hands a wrong password\'s 401 and ServiceNow\'s error body to the callback', async () => {
    const failure = await call<{ response: { status: number; data: { error: { message: string } } } }>((done) => client('wrong').getTableData([], [], 'cmn_cost_center', done));
    assert.equal(failure.response.status, 401);
    assert.equal(failure.response.data.error.message, 'User Not Authenticated');
  });
});
