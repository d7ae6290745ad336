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
    sim = await startSimulator(new ProcoreSimulator({ rateLimits: { hourly: 1000, spike: 6, spikeWindowSeconds: 2 } }), { port: 0 });
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
    // A fresh window: the calls of the test before, another client's, would be in it unseen.
    sim.reset({ keepSessions: true });
    const c = client({ concurrency: 4 });
    await Promise.all(Array.from({ length: 14 }, () => c.projects()));
    assert.equal(c.rateLimiter.limited, 0, 'a 429 was met');
    assert.ok(c.rateLimiter.waited > 0, 'the client never slowed down');
  });

  it('after a 429 sends nothing before its X-Rate-Limit-Reset, and ends the burst with every call answered (from the request log)', async () => {
    // Another integration on the company spends the spike window first: the clients do not know, so
    // their first calls meet 429s; then two clients share the window and each sees the other's calls
    // only through the headers. One call in flight per client: a call logged after a 429 of its
    // client was sent after that 429 was answered.
    sim.reset({ keepSessions: true });
    const a = client({ concurrency: 1 });
    const b = client({ concurrency: 1, clientId: 'mlc-limited-client', clientSecret: 'mlc-limited-secret' });
    await Promise.all([a.token(), b.token()]);
    const tokenRes = await fetch(`${sim.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'mlc-demo-client', client_secret: 'mlc-demo-secret' }) });
    const { access_token: other } = (await tokenRes.json()) as { access_token: string };
    for (let spent = false; !spent; ) {
      const res = await fetch(`${sim.url}/rest/v1.0/me`, { headers: { authorization: `Bearer ${other}`, 'procore-company-id': COMPANY } });
      await res.arrayBuffer();
      spent = res.status === 429;
    }
    const burst = (c: ProcoreClient) => Promise.all(Array.from({ length: 8 }, () => c.projects()));
    const [fromA, fromB] = await Promise.all([burst(a), burst(b)]);
    assert.ok(fromA.every((projects) => projects.length === 3));
    assert.ok(fromB.every((projects) => projects.length === 1));

    // A refused call never reaches the route that tags the client: each client is told by its token.
    const log = sim.log.entries({ path: '/rest/v1.0/projects' });
    const tokens = [...new Set(log.map((e) => e.headers['authorization']))];
    assert.equal(tokens.length, 2, 'two clients, one token each');
    for (const token of tokens) {
      const calls = log.filter((e) => e.headers['authorization'] === token).sort((x, y) => x.seq - y.seq);
      const account = String(calls.find((e) => e.tags['client'])?.tags['client']);
      const refused = calls.filter((e) => e.status === 429);
      assert.ok(refused.length > 0, `${account} met no 429: the test forced none`);
      for (const r of refused) {
        const reset = r.tags['rateLimitReset'];
        assert.equal(typeof reset, 'number', `429 #${r.seq} names its reset`);
        const early = calls.filter((e) => e.seq > r.seq && Date.parse(e.at) < (reset as number) * 1000);
        assert.deepEqual(early.map((e) => `#${e.seq} at ${e.at}`), [], `${account}: calls after 429 #${r.seq} before its reset ${new Date((reset as number) * 1000).toISOString()}`);
      }
      assert.equal(calls.filter((e) => e.status === 200).length, 8, `${account}: every call of the burst answered`);
      assert.equal(calls[calls.length - 1]?.status, 200, `${account}: the burst ends answered`);
    }
  });

  it('checks the rate limiter again once a slow token is in hand: a 429 met meanwhile holds the call until its reset', async () => {
    sim.reset({ keepSessions: true });
    const c = client({ concurrency: 2 });
    await c.token();
    // A's first attempt meets a 401, so its next one renews the token, slowly; meanwhile B meets a 429
    // naming a reset 4 s on. A passed the open limiter before the 429, and must still wait for the reset.
    const resetAtS = Math.ceil(Date.now() / 1000) + 4;
    sim.faults.add([
      { kind: 'status', status: 401, method: 'GET', path: '/rest/v1.0/projects' },
      { kind: 'delay', ms: 2000, path: '/oauth/token' },
      {
        kind: 'status',
        status: 429,
        delayMs: 500,
        method: 'GET',
        path: '/rest/v1.0/me',
        body: { error: 'Rate limit exceeded' },
        headers: { 'x-rate-limit-limit': '6', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(resetAtS) },
      },
    ]);
    const [projects, me] = await Promise.all([c.projects(), c.request({ method: 'GET', path: '/rest/v1.0/me' })]);
    assert.ok(projects.length > 0);
    assert.equal(me.status, 200);
    assert.equal(c.tokenFetches, 2);
    const renewedAt = sim.log.entries({ path: '/oauth/token' }).map((e) => Date.parse(e.at) + (e.durationMs ?? 0)).at(-1) ?? 0;
    assert.ok(renewedAt < resetAtS * 1000, 'the token came after the reset: the test proves nothing');
    const sent = sim.log.entries({ path: '/rest/v1.0/projects', status: 200 });
    assert.equal(sent.length, 1);
    const early = resetAtS * 1000 - Date.parse(sent[0]?.at ?? '');
    assert.ok(early <= 0, `A was sent ${early} ms before the reset the 429 named`);
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
