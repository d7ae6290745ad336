// ServiceNowClient against the ServiceNow sandbox over real sockets: the three ways to sign in (and a
// token renewed with its refresh token, and once after a 401), Table API paging and writes with every
// value sent as a string, errors that name the table and status and hold no secret, the Import Set
// API (synchronous results, an empty 201, insertMultiple followed to each row's outcome), and 429s:
// one shared wait per client, no call sent during it, never more calls in flight than allowed.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator, type RequestLogEntry, type RunningSimulator } from '../../sandbox/kit';
import { IMPORT_ONLY_USER, INTEGRATION_USER, OAUTH_CLIENT, ServiceNowSimulator, VIEWER_USER, type RateLimitRule } from '../../sandbox/servicenow';
import { answeredAtMs, mostInFlight, refusedPerWindow, sentDuringWaitOnSameConnection } from '../support/rate-limit-log';
import { EncodedQueryError, fieldValue, ServiceNowClient, ServiceNowError, ServiceNowImportError, type ServiceNowSettingsInput } from '../../lib/servicenow';

/** One call, one row. */
const ONE_ROW = { query: { where: [{ field: 'code', op: '=' as const, value: 'CC-900' }] }, fields: ['sys_id', 'code'] };
const SECRETS = [INTEGRATION_USER.password, VIEWER_USER.password, OAUTH_CLIENT.clientSecret, 'Wrong-Password-77'];

function assertNoSecret(text: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `holds ${secret}: ${text}`);
}

describe('ServiceNowClient against the sandbox', () => {
  let sandbox: ServiceNowSimulator;
  let sim: RunningSimulator;
  const clients: ServiceNowClient[] = [];
  const client = (extra: Partial<ServiceNowSettingsInput> = {}): ServiceNowClient => {
    const c = new ServiceNowClient({
      configName: 'sn test',
      instanceUrl: sim.url,
      authMode: 'oauth-password',
      user: INTEGRATION_USER.userName,
      password: INTEGRATION_USER.password,
      clientId: OAUTH_CLIENT.clientId,
      clientSecret: OAUTH_CLIENT.clientSecret,
      ...extra,
    });
    clients.push(c);
    return c;
  };
  const basic = (user: { userName: string; password: string }, extra: Partial<ServiceNowSettingsInput> = {}) =>
    client({ authMode: 'basic', user: user.userName, password: user.password, clientId: '', clientSecret: '', ...extra });
  const limits = (rules: RateLimitRule[]) => sandbox.limiter.set(rules);

  before(async () => {
    sandbox = new ServiceNowSimulator();
    sim = await startSimulator(sandbox, { port: 0 });
  });
  beforeEach(() => sim.reset());
  after(async () => {
    for (const c of clients) c.close();
    await sim.close();
  });

  it('gets one token (password grant) and lists a table page by page, following Link and telling X-Total-Count', async () => {
    const c = client({ pageSize: 3 });
    const totals: number[] = [];
    const pages: number[] = [];
    for await (const page of c.pages('cmn_cost_center', { fields: ['sys_id', 'code', 'name'], query: { orderBy: [{ field: 'code' }] }, onTotal: (t) => totals.push(t) })) pages.push(page.length);
    const total = totals[0] ?? 0;
    assert.ok(total > 3, `X-Total-Count ${total}`);
    assert.equal(pages.reduce((a, b) => a + b, 0), total);
    assert.ok(pages.slice(0, -1).every((n) => n === 3));
    const calls = sim.log.entries({ path: '/api/now/table/cmn_cost_center' });
    assert.deepEqual(calls.map((e) => e.query['sysparm_offset']), pages.map((_, i) => String(i * 3)));
    assert.equal(c.tokenFetches, 1);
    const grants = sim.log.entries({ path: '/oauth_token.do' });
    assert.equal(grants.length, 1);
  });

  it('builds the encoded query from parts, and sends nothing when a value would add a clause', async () => {
    const c = client();
    const rows = await c.list('cmn_cost_center', { query: { where: [[{ field: 'code', op: '=', value: 'CC-900' }, { field: 'code', op: '=', value: 'no-such' }]] }, fields: ['code', 'name'] });
    assert.deepEqual(rows.map((r) => r['code']), ['CC-900']);
    const before = sim.log.count({ path: '/api/now/' });
    await assert.rejects(c.list('cmn_cost_center', { query: { where: [{ field: 'code', op: '=', value: 'nothing^NQcodeISNOTEMPTY' }] } }), EncodedQueryError);
    assert.equal(sim.log.count({ path: '/api/now/' }), before, 'the refused query reached the instance');
  });

  it('inserts, reads, updates and deletes a record, sending every value as a string', async () => {
    const c = basic(INTEGRATION_USER);
    const created = await c.insert('cmn_cost_center', { code: 'CC-T1', name: 'Test center', account_number: 4711, active: true });
    const sysId = fieldValue(created, 'sys_id') ?? '';
    assert.match(sysId, /^[0-9a-f]{32}$/);
    const posted = sim.log.entries({ method: 'POST', path: '/api/now/table/cmn_cost_center' })[0];
    assert.deepEqual(posted?.body, { code: 'CC-T1', name: 'Test center', account_number: '4711', active: 'true' });
    assert.equal(fieldValue((await c.get('cmn_cost_center', sysId)) ?? {}, 'name'), 'Test center');
    const updated = await c.update('cmn_cost_center', sysId, { name: 'Renamed', account_number: null });
    assert.equal(fieldValue(updated, 'name'), 'Renamed');
    assert.equal(fieldValue(updated, 'account_number'), '');
    assert.equal(await c.delete('cmn_cost_center', sysId), true);
    assert.equal(await c.get('cmn_cost_center', sysId), undefined, 'a 404 is no record');
    assert.equal(await c.delete('cmn_cost_center', sysId), false, 'deleting again is a replay, not an error');
    assert.equal(c.tokenFetches, 0);
  });

  it('names the table and status of a refusal: an ACL (403), an unknown table (400), a wrong password (401), with no secret', async () => {
    const viewer = basic(VIEWER_USER);
    const refused = await viewer.insert('cmn_cost_center', { code: 'CC-T2', name: 'x' }).catch((e: unknown) => e);
    assert.ok(refused instanceof ServiceNowError, String(refused));
    assert.equal(refused.code, 'MLC_HTTP_FORBIDDEN');
    assert.equal(refused.status, 403);
    assert.equal(refused.table, 'cmn_cost_center');
    assert.equal(refused.operation, 'insert');
    assert.equal(refused.acl, true);
    assert.match(refused.message, /insert on cmn_cost_center failed \(HTTP 403\).*Operation Failed: ACL Exception Insert Failed/);
    assertNoSecret(`${refused.message} ${refused.stack ?? ''}`);

    const unknown = await client().list('no_such_table').catch((e: unknown) => e);
    assert.ok(unknown instanceof ServiceNowError);
    assert.equal(unknown.status, 400);
    assert.match(unknown.message, /list on no_such_table failed \(HTTP 400\).*Invalid table no_such_table/);

    const wrong = basic({ userName: INTEGRATION_USER.userName, password: 'Wrong-Password-77' });
    const denied = await wrong.list('cmn_cost_center').catch((e: unknown) => e);
    assert.ok(denied instanceof ServiceNowError);
    assert.equal(denied.code, 'MLC_HTTP_UNAUTHORIZED');
    assert.match(denied.message, /User Not Authenticated/);
    assertNoSecret(`${denied.message} ${denied.stack ?? ''}`);
    assert.equal(sim.log.count({ path: '/api/now/table/cmn_cost_center', status: 401 }), 1, 'Basic: a 401 is final at once');
  });

  it('renews a token the instance forgot once on a 401, then fails clearly when the credentials stay refused', async () => {
    const c = client();
    await c.list('sn_fin_gl_account', { pageSize: 1, fields: ['sys_id'] });
    sandbox.tokens.clear();
    await c.list('sn_fin_gl_account', { pageSize: 1, fields: ['sys_id'] });
    assert.equal(c.tokenFetches, 2);
    assert.equal(sim.log.count({ path: '/api/now/table/sn_fin_gl_account', status: 401 }), 1);

    const cc = client({ authMode: 'oauth-client-credentials', user: '', password: '' });
    assert.ok((await cc.list('cmn_cost_center', { fields: ['code'] })).length > 0, 'client credentials run as the application user');
    const bad = client({ clientSecret: 'Wrong-Password-77' });
    const err = await bad.list('cmn_cost_center').catch((e: unknown) => e);
    assert.ok(err instanceof Error && 'code' in err && err.code === 'MLC_AUTH_REJECTED', String(err));
    assertNoSecret(err.message);
  });

  it('renews ahead of expiry with the refresh token the password grant gave', async () => {
    let shift = 0;
    const timed = new ServiceNowClient(
      { configName: 'timed', instanceUrl: sim.url, user: INTEGRATION_USER.userName, password: INTEGRATION_USER.password, clientId: OAUTH_CLIENT.clientId, clientSecret: OAUTH_CLIENT.clientSecret },
      { now: () => Date.now() + shift },
    );
    clients.push(timed);
    await timed.list('cmn_cost_center', { pageSize: 1, fields: ['sys_id'] });
    shift = 26 * 60_000; // past the renewal point of a 1799 s token (5 minutes ahead)
    await timed.list('cmn_cost_center', { pageSize: 1, fields: ['sys_id'] });
    const grants = sim.log.entries({ path: '/oauth_token.do' }).map((e) => (e.body as Record<string, string> | undefined)?.['grant_type']);
    assert.deepEqual(grants, ['password', 'refresh_token']);
    assert.equal(timed.tokenFetches, 2);
  });

  it('imports a row with its transform result per map: inserted, ignored when unchanged, error with ServiceNow\'s message', async () => {
    const c = client();
    const first = await c.importRow('sn_fcms_intg_imp_cost_center', { code: 'CC-T3', name: 'Imported' });
    assert.equal(first.staging_table, 'sn_fcms_intg_imp_cost_center');
    assert.equal(first.result[0]?.status, 'inserted');
    assert.equal(first.result[0]?.table, 'cmn_cost_center');
    const again = await c.importRow('sn_fcms_intg_imp_cost_center', { code: 'CC-T3', name: 'Imported' });
    assert.equal(again.result[0]?.status, 'ignored');
    assert.equal(again.result[0]?.sys_id, first.result[0]?.sys_id, 'coalesced on the code');
    const missing = await c.importRow('sn_fcms_intg_imp_cost_center', { code: 'CC-T4' });
    assert.equal(missing.result[0]?.status, 'error');
    assert.match(missing.result[0]?.error_message ?? '', /Mandatory field/);
  });

  it('treats a 201 with an empty body (an ACL hides the result) as a failure', async () => {
    const c = basic(IMPORT_ONLY_USER);
    const err = await c.importRow('sn_fcms_intg_imp_cost_center', { code: 'CC-T5', name: 'Hidden' }).catch((e: unknown) => e);
    assert.ok(err instanceof ServiceNowImportError, String(err));
    assert.equal(err.code, 'MLC_SERVICENOW_IMPORT_EMPTY');
    assert.equal(err.table, 'sn_fcms_intg_imp_cost_center');
  });

  it('loads rows with insertMultiple and reads each row\'s outcome once the transform ran', async () => {
    const c = client();
    const answer = await c.insertMultiple('sn_fcms_intg_imp_cost_center', [
      { code: 'CC-M1', name: 'Multi one' },
      { code: 'CC-M2' },
      { code: 'CC-M3', name: 'Multi three', account_number: 12 },
    ]);
    assert.match(answer.importSetId, /^[0-9a-f]{32}$/);
    const pending = await c.importRows('sn_fcms_intg_imp_cost_center', answer.importSetId);
    assert.deepEqual(pending.map((r) => r.state), ['pending', 'pending', 'pending']);
    await fetch(`${sim.url}/__sandbox/imports/run`, { method: 'POST' });
    const done = await c.importRows('sn_fcms_intg_imp_cost_center', answer.importSetId);
    assert.deepEqual(done.map((r) => [r.row, r.state]), [[0, 'inserted'], [1, 'error'], [2, 'inserted']]);
    assert.match(done[1]?.message ?? '', /Mandatory field/);
    assert.equal(done[0]?.targetTable, 'cmn_cost_center');
    assert.match(done[0]?.targetSysId ?? '', /^[0-9a-f]{32}$/);
  });

  it('after a 429 sends nothing of the client before Retry-After has passed (from the request log), and every call answers', async () => {
    limits([{ user: INTEGRATION_USER.userName, path: '/api/now/table/', limit: 4, windowSeconds: 2 }]);
    const c = basic(INTEGRATION_USER, { concurrency: 1 });
    const rows = await Promise.all(Array.from({ length: 10 }, () => c.list('cmn_cost_center', ONE_ROW)));
    assert.ok(rows.every((r) => r.length === 1));
    const log = sim.log.entries({ path: '/api/now/table/cmn_cost_center' }).sort((a, b) => a.seq - b.seq);
    const refused = log.filter((e) => e.status === 429);
    assert.ok(refused.length > 0, 'the test forced no 429');
    for (const r of refused) {
      const next = log.find((e) => e.seq > r.seq);
      assert.ok(next, 'a call after the 429');
      const reset = Number(r.tags['rateLimitReset']) * 1000;
      const at = Date.parse(r.at);
      const waited = Date.parse(next.at) - at;
      // Retry-After is at least a second and reaches the window's reset (whole seconds, rounded up).
      assert.ok(waited >= 1000 && Date.parse(next.at) >= reset - 1000, `#${next.seq} came ${waited} ms after the 429 #${r.seq}`);
    }
    assert.deepEqual(sentDuringWaitOnSameConnection(log), []);
    assert.equal(c.rateGate.limited, refused.length);
    assert.equal(log.filter((e) => e.status === 200).length, 10);
    const headers = c.rateGate.current;
    assert.equal(headers?.limit, 4);
    assert.match(headers?.rule ?? '', /^[0-9a-f]{32}$/);
  });

  it('holds a call started while another waits out a 429: it is not sent until the wait is over', async () => {
    limits([{ user: INTEGRATION_USER.userName, path: '/api/now/table/', limit: 2, windowSeconds: 3 }]);
    const c = basic(INTEGRATION_USER, { concurrency: 4 });
    for (let spent = 0; spent < 2; spent++) await c.list('cmn_cost_center', ONE_ROW);
    const first = c.list('cmn_cost_center', ONE_ROW);
    for (let i = 0; i < 500 && c.rateGate.limited === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(c.rateGate.limited, 1, 'the first call met no 429');
    const second = c.list('cmn_cost_center', ONE_ROW);
    await Promise.all([first, second]);
    const log = sim.log.entries({ path: '/api/now/table/cmn_cost_center' }).sort((a, b) => a.seq - b.seq);
    assert.deepEqual(log.map((e) => e.status), [200, 200, 429, 200, 200], 'the held call met no 429 of its own');
    assert.equal(c.rateGate.held, 1);
    const refused = log[2];
    const after429 = log.slice(3).map((e) => Date.parse(e.at) - Date.parse(refused?.at ?? ''));
    assert.ok(after429.every((ms) => ms >= 1000), `sent ${after429.join(', ')} ms after the 429`);
  });

  it('checks the gate again once a slow token is in hand: a 429 met meanwhile holds the call until its wait is over', async () => {
    const c = client({ concurrency: 2 });
    await c.token();
    // A's first attempt meets a 401, so it renews the token on its next attempt, slowly; meanwhile B
    // meets a 429 asking for 4 s. A passed the open gate before the 429, and must still wait it out.
    sim.faults.add([
      { kind: 'status', status: 401, method: 'GET', path: '/api/now/table/cmn_cost_center' },
      { kind: 'delay', ms: 2000, path: '/oauth_token.do' },
      { kind: 'status', status: 429, retryAfter: 4, delayMs: 500, method: 'GET', path: '/api/now/table/sn_fin_gl_account' },
    ]);
    const [a, b] = await Promise.all([c.list('cmn_cost_center', ONE_ROW), c.list('sn_fin_gl_account', { pageSize: 1, fields: ['sys_id'] })]);
    assert.equal(a.length, 1);
    assert.ok(b.length > 0);
    assert.equal(c.tokenFetches, 2);
    const refused = sim.log.entries({ path: '/api/now/table/sn_fin_gl_account', status: 429 });
    assert.equal(refused.length, 1);
    const renewedAt = sim.log.entries({ path: '/oauth_token.do' }).map(answeredAtMs).at(-1) ?? 0;
    const opensAt = answeredAtMs(refused[0] as RequestLogEntry) + 4000;
    assert.ok(renewedAt < opensAt, 'the token came after the wait: the test proves nothing');
    const sent = sim.log.entries({ path: '/api/now/table/cmn_cost_center', status: 200 });
    assert.equal(sent.length, 1);
    const early = opensAt - Date.parse(sent[0]?.at ?? '');
    assert.ok(early <= 0, `A was sent ${early} ms before the 429's Retry-After was over`);
  });

  it('fails a call as rate limited when the wait is longer than the retry time, and sends no later call during it', async () => {
    limits([{ user: INTEGRATION_USER.userName, path: '/api/now/table/', limit: 1, windowSeconds: 3600 }]);
    const c = basic(INTEGRATION_USER, { retry: { maxElapsedMs: 5000 } });
    await c.list('cmn_cost_center', ONE_ROW);
    const limited = await c.list('cmn_cost_center', ONE_ROW).catch((e: unknown) => e);
    assert.ok(limited instanceof ServiceNowError, String(limited));
    assert.equal(limited.code, 'MLC_HTTP_RATE_LIMITED');
    assert.equal(limited.status, 429);
    assert.equal(limited.table, 'cmn_cost_center');
    assert.ok(limited.transient);
    assert.match(limited.message, /list on cmn_cost_center failed \(HTTP 429\).*Rate limit exceeded/);
    const sent = sim.log.count({ path: '/api/now/table/' });
    const held = await c.get('cmn_cost_center', 'a'.repeat(32)).catch((e: unknown) => e);
    assert.ok(held instanceof ServiceNowError && held.code === 'MLC_HTTP_RATE_LIMITED' && /was not sent/.test(held.message), String(held));
    assert.ok((held.retryAfterMs ?? 0) > 5000);
    assert.equal(sim.log.count({ path: '/api/now/table/' }), sent, 'a call went out during the wait');
  });

  it('holds a burst behind one shared wait: few 429s, never more calls in flight than the concurrency limit', async () => {
    limits([{ user: INTEGRATION_USER.userName, path: '/api/now/table/', limit: 6, windowSeconds: 3 }]);
    const c = basic(INTEGRATION_USER, { concurrency: 3 });
    await Promise.all(Array.from({ length: 18 }, () => c.list('cmn_cost_center', ONE_ROW)));
    const log = sim.log.entries({ path: '/api/now/table/cmn_cost_center' });
    assert.equal(log.filter((e) => e.status === 200).length, 18);
    const refused = log.filter((e) => e.status === 429).length;
    // Without the shared gate, every call started during a wait would meet its own 429.
    assert.ok(refused >= 1 && refused <= 3 * 3, `${refused} 429s`);
    // Causal, with no slack for a loaded machine: on each connection the request after a 429 was sent
    // after the client read it, so it comes no earlier than the 429's answer plus its Retry-After; and
    // a window holds no more 429s than the client had in flight when it read the first one.
    assert.deepEqual(sentDuringWaitOnSameConnection(log), []);
    for (const [reset, n] of refusedPerWindow(log)) assert.ok(n <= 3, `${n} 429s in the window ending at ${reset}`);
    assert.ok(mostInFlight(log) <= 3, `${mostInFlight(log)} requests in flight at once`);
  });
});
