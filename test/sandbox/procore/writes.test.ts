import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { PROJECT_IDS, procoreQuotaRules } from '../../../sandbox/procore';
import { control } from '../http-client';
import { call, COMPANY, startProcore, token, type Procore } from './helpers';

const P1 = PROJECT_IDS.riverside;
const P2 = PROJECT_IDS.oakStreet;

async function refs(pc: Procore, bearer: string, projectId: number): Promise<{ code: (full: string) => number; type: (code: string) => number; vendor: (name: string) => number }> {
  const codes = (await call(pc.url, `/rest/v1.0/cost_codes?project_id=${projectId}`, { token: bearer })).json<Array<{ id: number; full_code: string }>>();
  const types = (await call(pc.url, `/rest/v1.0/line_item_types?company_id=${COMPANY}`, { token: bearer })).json<Array<{ id: number; code: string }>>();
  const vendors = (await call(pc.url, `/rest/v1.0/vendors?company_id=${COMPANY}`, { token: bearer })).json<Array<{ id: number; name: string }>>();
  return {
    code: (full) => codes.find((c) => c.full_code === full)!.id,
    type: (code) => types.find((t) => t.code === code)!.id,
    vendor: (name) => vendors.find((v) => v.name === name)!.id,
  };
}

describe('Procore sandbox: commitments, direct costs, rate limits, faults, hooks, persistence', () => {
  let pc: Procore;
  let bearer: string;
  before(async () => {
    pc = await startProcore({ webhooks: { retryDelaysMs: [20, 20] } });
  });
  beforeEach(async () => {
    pc.running.reset();
    bearer = await token(pc.url);
  });
  after(() => pc.running.close());

  it('purchase order contract with line items: create, lines, money as strings, show, list by origin_id, update', async () => {
    const r = await refs(pc, bearer, P1);
    const created = await call(pc.url, '/rest/v1.0/purchase_order_contracts', { method: 'POST', token: bearer, body: { project_id: P1, purchase_order_contract: { number: 'P00001', title: 'Lumber', vendor_id: r.vendor('Acme Lumber Supply'), status: 'Approved', origin_id: 'odoo-po-1' } } });
    assert.equal(created.status, 201);
    const po = created.json<{ id: number; grand_total: string; line_items: unknown[] }>();
    assert.equal(po.grand_total, '0.00');
    const line = await call(pc.url, `/rest/v1.0/purchase_order_contracts/${po.id}/line_items`, { method: 'POST', token: bearer, body: { project_id: P1, line_item: { description: 'Lumber 2x4x8', quantity: 800, unit_cost: 4.25, uom: 'ea', cost_code_id: r.code('06-100'), line_item_type_id: r.type('M'), origin_id: 'odoo-pol-1' } } });
    assert.equal(line.status, 201);
    assert.equal(line.json<{ amount: string }>().amount, '3400.00');
    const sync = await call(pc.url, `/rest/v1.0/purchase_order_contracts/${po.id}/line_items/sync`, { method: 'PATCH', token: bearer, body: { project_id: P1, updates: [{ origin_id: 'odoo-pol-1', quantity: 800, unit_cost: 4.5 }, { origin_id: 'odoo-pol-2', description: 'Drywall', quantity: 220, unit_cost: 16.75, cost_code_id: r.code('09-250'), line_item_type_id: r.type('M') }, { origin_id: 'bad', amount: 1, cost_code_id: 1 }] } });
    const synced = sync.json<{ entities: Array<{ amount: string }>; errors: Array<{ errors: Record<string, string[]> }> }>();
    assert.deepEqual(synced.entities.map((e) => e.amount), ['3600.00', '3685.00']);
    assert.deepEqual(synced.errors[0]!.errors, { cost_code: ['must exist'] });
    const shown = (await call(pc.url, `/rest/v1.0/purchase_order_contracts/${po.id}?project_id=${P1}`, { token: bearer })).json<{ grand_total: string; line_items: Array<{ cost_code: { full_code: string } }> }>();
    assert.equal(shown.grand_total, '7285.00');
    assert.deepEqual(shown.line_items.map((l) => l.cost_code.full_code), ['06-100', '09-250']);
    const byOrigin = await call(pc.url, `/rest/v1.0/purchase_order_contracts?project_id=${P1}&filters[origin_id]=odoo-po-1`, { token: bearer });
    assert.deepEqual(byOrigin.json<Array<{ id: number }>>().map((p) => p.id), [po.id]);
    const dup = await call(pc.url, '/rest/v1.0/purchase_order_contracts', { method: 'POST', token: bearer, body: { project_id: P1, purchase_order_contract: { number: 'P00002', origin_id: 'odoo-po-1' } } });
    assert.equal(dup.status, 409);
    const patched = await call(pc.url, `/rest/v1.0/purchase_order_contracts/${po.id}`, { method: 'PATCH', token: bearer, body: { project_id: P1, purchase_order_contract: { title: 'Lumber and drywall' } } });
    assert.equal(patched.json<{ title: string }>().title, 'Lumber and drywall');
    const commitments = await call(pc.url, `/rest/v1.0/commitments?project_id=${P1}`, { token: bearer });
    assert.equal(commitments.headers.total, '2');
    assert.equal((await call(pc.url, `/rest/v1.0/purchase_order_contracts?project_id=${PROJECT_IDS.westgate}`, { token: bearer })).status, 403);
  });

  it('direct costs are project-scoped (v1.0 and v1.1): invoice with line items, validation, /sync by origin_id', async () => {
    const r = await refs(pc, bearer, P2);
    const base = `/rest/v1.1/projects/${P2}/direct_costs`;
    const missing = await call(pc.url, base, { method: 'POST', token: bearer, body: { direct_cost: { direct_cost_type: 'invoice', direct_cost_date: '2026-10-28' } } });
    assert.equal(missing.status, 422);
    assert.deepEqual(Object.keys(missing.json<{ errors: object }>().errors).sort(), ['invoice_number', 'vendor_id']);
    const created = await call(pc.url, base, { method: 'POST', token: bearer, body: { direct_cost: { direct_cost_type: 'invoice', direct_cost_date: '2026-10-28', invoice_number: 'KER-88213', vendor_id: r.vendor('Keystone Equipment Rentals'), origin_id: 'odoo-bill-5', line_items: [{ description: 'Excavator rental', quantity: 6, unit_cost: 650, cost_code_id: r.code('01-540'), line_item_type_id: r.type('E'), origin_id: 'odoo-aml-9' }] } } });
    assert.equal(created.status, 201);
    const dc = created.json<{ id: number; grand_total: string; line_items: Array<{ amount: string }>; line_items_count: number; vendor_name: string }>();
    assert.equal(dc.grand_total, '3900.00');
    assert.equal(dc.line_items_count, 1);
    assert.equal(dc.vendor_name, 'Keystone Equipment Rentals');
    const list = await call(pc.url, `/rest/v1.0/projects/${P2}/direct_costs?filters[origin_id]=odoo-bill-5`, { token: bearer });
    assert.deepEqual(list.json<Array<{ id: number; amount: string }>>().map((d) => [d.id, d.amount]), [[dc.id, '3900.00']]);
    const sync = await call(pc.url, `/rest/v1.0/projects/${P2}/direct_costs/sync`, { method: 'PATCH', token: bearer, body: { updates: [{ origin_id: 'odoo-bill-5', status: 'approved' }] } });
    assert.equal(sync.json<{ entities: Array<{ id: number; status: string }> }>().entities[0]!.id, dc.id);
    assert.equal((await call(pc.url, `/rest/v1.0/direct_costs?project_id=${P2}`, { token: bearer })).status, 404);
    const reqs = await call(pc.url, `/rest/v1.1/requisitions?project_id=${P1}`, { token: bearer });
    assert.equal(reqs.json<Array<{ g702: { total_completed_and_stored_to_date: string } }>>()[0]!.g702.total_completed_and_stored_to_date, '5700.00');
  });

  it('rate limits: headers on every answer (errors too); 429 with X-Rate-Limit-Reset in the spike window, then the hourly one', async () => {
    pc.running.clock.set('2026-11-02T08:00:00Z');
    pc.running.quota.set(procoreQuotaRules({ hourly: 6, spike: 3 }));
    const path = `/rest/v1.0/projects?company_id=${COMPANY}`;
    const first = await call(pc.url, path, { token: bearer });
    assert.equal(first.headers['x-rate-limit-limit'], '3');
    assert.equal(first.headers['x-rate-limit-remaining'], '2');
    assert.equal((await call(pc.url, path, { token: 'bad' })).headers['x-rate-limit-remaining'], '1');
    await call(pc.url, path, { token: bearer });
    const limited = await call(pc.url, path, { token: bearer });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['x-rate-limit-reset'], String(Date.parse('2026-11-02T08:00:10Z') / 1000));
    assert.equal(limited.headers['retry-after'], undefined);
    pc.running.clock.advance(10_000);
    for (let i = 0; i < 3; i += 1) assert.equal((await call(pc.url, path, { token: bearer })).status, 200);
    pc.running.clock.advance(10_000);
    const hourly = await call(pc.url, path, { token: bearer });
    assert.equal(hourly.status, 429);
    assert.equal(hourly.headers['x-rate-limit-limit'], '6');
    assert.equal(hourly.headers['x-rate-limit-reset'], String(Date.parse('2026-11-02T09:00:00Z') / 1000));
    // Over HTTP too, e.g. from an e2e test.
    assert.equal((await control(pc.url, 'POST', 'quota', { rules: procoreQuotaRules({ hourly: 100, spike: 50 }) })).status, 200);
    assert.equal((await call(pc.url, path, { token: bearer })).headers['x-rate-limit-limit'], '50');
  });

  it('after-commit faults: the vendor sync is stored, the answer is lost; a replay finds it by origin_id', async () => {
    assert.equal((await control(pc.url, 'POST', 'faults', { kind: 'status', status: 500, afterCommit: true, method: 'PATCH', path: '/rest/v1.0/vendors/sync' })).status, 200);
    const lost = await call(pc.url, '/rest/v1.0/vendors/sync', { method: 'PATCH', token: bearer, body: { company_id: COMPANY, updates: [{ origin_id: '77', name: 'Northwind Trucking' }] } });
    assert.equal(lost.status, 500);
    const replay = await call(pc.url, '/rest/v1.0/vendors/sync', { method: 'PATCH', token: bearer, body: { company_id: COMPANY, updates: [{ origin_id: '77', name: 'Northwind Trucking' }] } });
    assert.equal(replay.status, 200);
    assert.equal((await call(pc.url, `/rest/v1.0/vendors?company_id=${COMPANY}&filters[origin_id]=77`, { token: bearer })).json<unknown[]>().length, 1);
    await control(pc.url, 'POST', 'faults', { kind: 'drop', afterCommit: true, method: 'POST', path: `/rest/v1.1/projects/${P2}/direct_costs` });
    await assert.rejects(call(pc.url, `/rest/v1.1/projects/${P2}/direct_costs`, { method: 'POST', token: bearer, body: { direct_cost: { direct_cost_type: 'expense', direct_cost_date: '2026-11-01', origin_id: 'x1' } } }));
    assert.equal((await call(pc.url, `/rest/v1.1/projects/${P2}/direct_costs?filters[origin_id]=x1`, { token: bearer })).json<unknown[]>().length, 1);
  });

  describe('hooks', () => {
    let server: Server;
    let received: Array<{ headers: IncomingHttpHeaders; body: Record<string, unknown> }> = [];
    let failNext = 0;
    let hookUrl = '';
    before(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          if (failNext > 0) {
            failNext -= 1;
            res.writeHead(503).end();
            return;
          }
          received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/procore`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => {
      received = [];
      failNext = 0;
    });

    const hook = async (apiVersion: string, resource: string): Promise<number> => {
      const created = await call(pc.url, '/rest/v1.0/webhooks/hooks', { method: 'POST', token: bearer, body: { company_id: COMPANY, hook: { api_version: apiVersion, namespace: 'mlc-odoo', destination_url: hookUrl, destination_headers: { Authorization: 'Bearer s3cret' } } } });
      assert.equal(created.status, 201);
      const id = created.json<{ id: number }>().id;
      for (const event of ['create', 'update']) {
        assert.equal((await call(pc.url, `/rest/v1.0/webhooks/hooks/${id}/triggers`, { method: 'POST', token: bearer, body: { company_id: COMPANY, api_version: apiVersion, trigger: { resource_name: resource, event_type: event } } })).status, 201);
      }
      return id;
    };

    it('v2: a vendor /sync create delivers with the static header, ulid and metadata; deliveries are listed; a 503 is retried', async () => {
      const id = await hook('v2', 'Company Vendors');
      failNext = 1;
      await call(pc.url, '/rest/v1.0/vendors/sync', { method: 'PATCH', token: bearer, body: { company_id: COMPANY, updates: [{ origin_id: '90', name: 'Titan Crane Services' }] } });
      await control(pc.url, 'POST', 'webhooks/idle', {});
      assert.equal(received.length, 1);
      const { headers, body } = received[0]!;
      assert.equal(headers.authorization, 'Bearer s3cret');
      assert.equal(body.resource_name, 'Company Vendors');
      assert.equal(body.event_type, 'create');
      assert.equal(body.api_version, 'v2.0');
      assert.equal(body.project_id, undefined);
      assert.match(String(body.ulid), /^[0-9A-HJKMNP-TV-Z]{26}$/);
      assert.equal((body.metadata as { source_application_id: string }).source_application_id, 'mlc-demo-client');
      const deliveries = await call(pc.url, `/rest/v1.0/webhooks/hooks/${id}/deliveries?company_id=${COMPANY}`, { token: bearer });
      assert.deepEqual(deliveries.json<Array<{ outcome: string; response_status: number }>>().map((d) => [d.outcome, d.response_status]), [['retried', 204]]);
    });

    it('v3 adds related_resources on PO lines, v4 uses string ids and reason/resource_type; duplicate and drop options', async () => {
      await hook('v3', 'Purchase Order Contract Line Items');
      const po = (await call(pc.url, '/rest/v1.0/purchase_order_contracts', { method: 'POST', token: bearer, body: { project_id: P1, purchase_order_contract: { number: 'H1' } } })).json<{ id: number }>();
      await call(pc.url, `/rest/v1.0/purchase_order_contracts/${po.id}/line_items`, { method: 'POST', token: bearer, body: { project_id: P1, line_item: { amount: 10 } } });
      await control(pc.url, 'POST', 'webhooks/idle', {});
      assert.deepEqual(received[0]!.body.related_resources, [{ id: po.id, name: 'Purchase Order Contracts' }]);
      received = [];
      await hook('v4', 'Direct Costs');
      await control(pc.url, 'POST', 'webhooks/defaults', { duplicate: true });
      await call(pc.url, `/rest/v1.1/projects/${P2}/direct_costs`, { method: 'POST', token: bearer, body: { direct_cost: { direct_cost_type: 'expense', direct_cost_date: '2026-11-01' } } });
      await control(pc.url, 'POST', 'webhooks/idle', {});
      assert.equal(received.length, 2);
      assert.deepEqual(received[0]!.body, received[1]!.body);
      assert.equal(received[0]!.body.reason, 'create');
      assert.equal(received[0]!.body.resource_type, 'Direct Costs');
      assert.equal(received[0]!.body.project_id, String(P2));
      received = [];
      const emitted = await control(pc.url, 'POST', 'webhooks/emit', { resourceName: 'Direct Costs', resourceId: 1, eventType: 'update', projectId: P2, drop: true });
      assert.equal((emitted.body as { deliveries: Array<{ outcome: string }> }).deliveries[0]!.outcome, 'discarded');
      assert.equal(received.length, 0);
    });
  });

  it('persistence: writes survive a restart from the data file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procore-sandbox-'));
    try {
      const file = join(dir, 'procore.json');
      const one = await startProcore({}, { dataFile: file });
      const t = await token(one.url);
      await call(one.url, '/rest/v1.0/vendors/sync', { method: 'PATCH', token: t, body: { company_id: COMPANY, updates: [{ origin_id: '61', name: 'Liberty Insulation' }] } });
      await one.running.close();
      const two = await startProcore({}, { dataFile: file });
      try {
        assert.equal(two.running.restored, true);
        const t2 = await token(two.url);
        const found = await call(two.url, `/rest/v1.0/vendors?company_id=${COMPANY}&filters[origin_id]=61`, { token: t2 });
        assert.deepEqual(found.json<Array<{ name: string }>>().map((v) => v.name), ['Liberty Insulation']);
        const created = await call(two.url, '/rest/v1.0/vendors', { method: 'POST', token: t2, body: { company_id: COMPANY, vendor: { name: 'Next' } } });
        assert.ok(created.json<{ id: number }>().id > found.json<Array<{ id: number }>>()[0]!.id);
      } finally {
        await two.running.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
