// ProcoreClient and ProcoreWriter against the Procore sandbox over real sockets.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { ProcoreSimulator } from '../../sandbox/procore';
import { ProcoreClient, type ProcoreSettingsInput } from '../../lib/procore';
import { procoreRequestFrom } from '../../lib/procore/write-input';
import { ProcoreWriter } from '../../lib/procore/writer';

const COMPANY = '4264807';
const RIVERSIDE = '562949953432101';

describe('ProcoreClient against the sandbox', () => {
  let sim: RunningSimulator;
  const clients: ProcoreClient[] = [];
  const client = (extra: Partial<ProcoreSettingsInput> = {}): ProcoreClient => {
    const c = new ProcoreClient({ configName: 'test', apiBase: sim.url, tokenUrl: `${sim.url}/oauth/token`, companyId: COMPANY, clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret', ...extra });
    clients.push(c);
    return c;
  };
  before(async () => {
    sim = await startSimulator(new ProcoreSimulator({ rateLimits: { hourly: 1000, spike: 6, spikeWindowSeconds: 2 } }));
  });
  after(async () => {
    for (const c of clients) c.close();
    await sim.close();
  });

  it('gets a token, sends the company header and lists the visible projects page by page', async () => {
    const c = client({ perPage: 1 });
    const pages: number[] = [];
    for await (const page of c.pages<unknown>('/rest/v1.0/projects', { company_id: COMPANY })) pages.push(page.length);
    assert.deepEqual(pages, [1, 1, 1]);
    const projects = await c.projects();
    assert.ok(projects.some((p) => p.id === RIVERSIDE), JSON.stringify(projects.map((p) => p.id)));
    assert.equal(c.tokenFetches, 1);
  });

  it('keeps within the spike window: every call of a burst answers, none after a 429 before its reset', async () => {
    const c = client({ concurrency: 4 });
    await Promise.all(Array.from({ length: 14 }, () => c.projects()));
    assert.equal(c.rateLimiter.limited, 0, 'a 429 was met');
    assert.ok(c.rateLimiter.waited > 0, 'the client never slowed down');
  });

  it('vendors via /sync, a purchase order contract with lines, and a replay that changes nothing', async () => {
    const c = client();
    const writer = new ProcoreWriter(c);
    const [vendor] = await writer.writeBatch([procoreRequestFrom({ origin_id: 'odoo-res.partner-77', name: 'Test Vendor 77' }, 'vendor')]);
    assert.ok(vendor?.ok, JSON.stringify(vendor));
    const po = { project_id: RIVERSIDE, origin_id: 'odoo-po-1', vendor_origin_id: 'odoo-res.partner-77', title: 'PO 1', line_items: [{ amount: '100.00', description: 'rebar' }] };
    const first = await writer.writeBatch([procoreRequestFrom(po, 'commitment')]);
    assert.ok(first[0]?.ok && first[0].created, JSON.stringify(first));
    const again = await writer.writeBatch([procoreRequestFrom(po, 'commitment')]);
    assert.ok(again[0]?.ok && !again[0].created && again[0].unchanged, JSON.stringify(again));
  });
});
