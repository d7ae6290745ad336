// mlc-paylocity-webhook in Node-RED (test helper), served on a real socket behind the editor's JSON
// parser as Node-RED mounts it: each event type, Basic credentials, malformed bodies, nulls, redelivery,
// a restart with a store, per-event and all-events endpoints, and the route gone after a redeploy.
// Nothing is awaited by time: a request that must emit nothing is followed by one that must emit, and
// the messages are counted once that one has arrived (the node emits in the order it answers).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { openStore } from '../../lib/store';
import { basicHeader } from '../../lib/util/basic-auth';
import webhookNode = require('../../nodes/paylocity/paylocity-webhook');
import paylocityConfigNode = require('../../nodes/paylocity/paylocity-config');
import storeNode = require('../../nodes/core/store-config');
import { collect, positioned, type Collected } from '../support/flow-helper';
import { HttpNodeServer } from '../support/http-node';

helper.init(require.resolve('node-red'));

const USER = 'pcty-hooks';
const PASSWORD = 'pw-5c1e0f7a-node-test';
const AUTH = basicHeader({ user: USER, password: PASSWORD });
const ALL = '/mlc/paylocity/webhook';

type Msg = Record<string, unknown>;

const newHire = (employeeId: string | number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  companyId: 'C01',
  companyName: 'MLC Demo Construction',
  employeeId,
  employeeFirstName: 'Ines',
  employeeLastName: 'Moreau',
  employeeMiddleInitial: null,
  employeeHireDate: '2026-12-01T00:00:00',
  employeeCostCenter1: '11 - Software Development',
  employeeCostCenter2: null,
  employeeCostCenter3: null,
  employeeAddressLine1: '1 Main St',
  employeeAddressLine2: null,
  employeeCity: 'Boise',
  employeeState: 'ID',
  employeeZip: '83702',
  employeePayFrequency: 'B',
  employeeSupervisor: null,
  ...extra,
});
const termination = (employeeId: string): Record<string, unknown> => ({
  companyId: 'C01',
  employeeId,
  employeeFirstName: 'Sam',
  employeeLastName: 'Okafor',
  employeeMiddleInitial: null,
  employeeCostCenter1: '20 - Field',
  employeeCostCenter2: null,
  employeeCostCenter3: null,
  employeeTerminationDate: '2026-12-04T00:00:00',
});
const change = (employeeId: string | number): Record<string, unknown> => ({ companyid: 'C01', employeeid: employeeId });
const payroll = (runId = '1', checkDate = '2026-12-11'): Record<string, unknown> => ({
  companyId: 'C01',
  processId: `${checkDate.replaceAll('-', '')}${runId.padStart(2, '0')}`,
  checkDate,
  runId,
  processDate: '2026-12-09T10:31:05.90',
  status: 'Processed',
});

describe('mlc-paylocity-webhook', () => {
  const httpNode = new HttpNodeServer();
  const nodes = [httpNode.serving(webhookNode), paylocityConfigNode, storeNode];
  let dir: string;

  interface HookDef {
    id?: string;
    events?: string;
    path?: string;
    store?: boolean;
  }
  const load = (hooks: HookDef[] = [{}], { credentials = true }: { credentials?: boolean } = {}): Promise<void> =>
    helper.load(
      nodes,
      positioned([
        { id: 'tab', type: 'tab', label: 'paylocity webhook' },
        { id: 'pcty', type: 'mlc-paylocity-config', environment: 'production', companyId: 'C01' },
        { id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(dir, 'store.sqlite') },
        ...hooks.map((hook) => ({
          id: hook.id ?? 'hook',
          z: 'tab',
          type: 'mlc-paylocity-webhook',
          paylocity: 'pcty',
          events: hook.events ?? 'all',
          path: hook.path ?? ALL,
          windowHours: 24,
          store: hook.store ? 'store' : '',
          wires: [['events']],
        })),
        { id: 'events', z: 'tab', type: 'helper' },
      ]),
      { pcty: { clientId: 'cid', clientSecret: 'csecret', ...(credentials ? { webhookUser: USER, webhookPassword: PASSWORD } : {}) } },
    );

  const post = (body: unknown, { path = ALL, auth = AUTH as string | null } = {}): Promise<Response> =>
    fetch(`${httpNode.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const postOk = async (body: unknown, options: { path?: string; auth?: string | null } = {}): Promise<void> => {
    const res = await post(body, options);
    assert.equal(res.status, 200, await res.text());
  };
  /** A last event that must come out: once it has, every message of the requests before it is in. */
  const sentinel = async (events: Collected, expected: number, path = ALL): Promise<Msg[]> => {
    await postOk(payroll('99', '2026-12-31'), { path });
    await events.waitFor(expected + 1);
    const last = events.messages.at(-1);
    assert.equal((last?.['mlc'] as { key: string }).key, 'paylocity:payroll:C01:2026123199', 'the sentinel came last');
    return events.messages.slice(0, -1);
  };
  const keyOf = (msg: Msg | undefined): string => (msg?.['mlc'] as { key: string }).key;
  const warningsOf = (id: string): string[] => {
    const warnings: string[] = [];
    // The helper re-emits every warn() call as a 'call:warn' event.
    (helper.getNode(id) as unknown as NodeJS.EventEmitter).on('call:warn', (call: { args: unknown[] }) => warnings.push(String(call.args[0])));
    return warnings;
  };

  before(async () => {
    await httpNode.start();
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await httpNode.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-paylocity-webhook-'));
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('emits each event type, told apart by its shape, with what the flow needs to fetch the record', async () => {
    await load();
    const events = collect('events');
    await postOk(newHire('1042'));
    await postOk(termination('0977'));
    await postOk(change(5511));
    await postOk(payroll('1', '2022-01-27'));
    await events.waitFor(4);
    const [hire, term, changed, run] = events.messages;
    assert.equal(hire?.['topic'], 'paylocity/webhook/new-hire');
    assert.deepEqual(hire?.['payload'], { eventType: 'New Hire', companyId: 'C01', employeeId: '1042', employees: [{ companyId: 'C01', employeeId: '1042' }] });
    assert.match(keyOf(hire), /^paylocity:notice:new-hire:C01:1042:h[0-9a-f]{16}$/);
    assert.deepEqual(hire?.['mlc'], { key: keyOf(hire), source: { system: 'paylocity', entity: 'employee', id: 'C01/1042' } });
    assert.equal((hire?.['paylocity'] as { body: Record<string, unknown> }).body['employeeCity'], 'Boise');

    assert.equal(term?.['topic'], 'paylocity/webhook/termination');
    assert.equal((term?.['payload'] as { employeeId: string }).employeeId, '0977', 'leading zeros kept');
    assert.match(keyOf(term), /^paylocity:notice:termination:C01:0977:h/);

    assert.equal(changed?.['topic'], 'paylocity/webhook/employee-change');
    assert.deepEqual(changed?.['payload'], { eventType: 'Employee Change', companyId: 'C01', employeeId: '5511', employees: [{ companyId: 'C01', employeeId: '5511' }] });
    assert.deepEqual((changed?.['paylocity'] as { body: unknown }).body, { companyId: 'C01', employeeId: 5511 }, 'field names in their documented case, values as sent');

    assert.equal(run?.['topic'], 'paylocity/webhook/payroll-processed');
    assert.deepEqual(run?.['payload'], {
      eventType: 'Payroll Processed',
      companyId: 'C01',
      checkDate: '2022-01-27',
      runId: '1',
      processId: '2022012701',
      processDate: '2026-12-09T10:31:05.90',
      status: 'Processed',
    });
    assert.deepEqual(run?.['mlc'], { key: 'paylocity:payroll:C01:2022012701', source: { system: 'paylocity', entity: 'payroll', id: 'C01/2022012701' } });
  });

  it('checks Basic credentials: missing or wrong is 401 with WWW-Authenticate and emits nothing; the password is never said', async () => {
    await load();
    const events = collect('events');
    const warnings = warningsOf('hook');
    const refused = [
      await post(newHire('1'), { auth: null }),
      await post(newHire('2'), { auth: basicHeader({ user: USER, password: 'guess' }) }),
      await post(newHire('3'), { auth: basicHeader({ user: 'someone', password: PASSWORD }) }),
      await post(newHire('4'), { auth: `Bearer ${PASSWORD}` }),
      await post('not even json', { auth: basicHeader({ user: USER, password: `${PASSWORD}x` }) }),
    ];
    for (const res of refused) {
      assert.equal(res.status, 401);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Basic realm=/);
      assert.ok(!(await res.text()).includes(PASSWORD));
    }
    await postOk(newHire('5'));
    const before = await sentinel(events, 1);
    assert.deepEqual(before.map((msg) => (msg['payload'] as { employeeId: string }).employeeId), ['5']);
    assert.ok(warnings.length >= 1, 'a warning');
    assert.match(warnings[0] ?? '', /answered 401, no Basic credentials/);
    assert.ok(warnings.every((text) => !text.includes(PASSWORD)));
  });

  it('without credentials on the config node, takes any POST and warns at start', async () => {
    await load([{}], { credentials: false });
    const events = collect('events');
    await postOk(newHire('7'), { auth: null });
    await events.waitFor(1);
    const hook = helper.getNode('hook') as unknown as { warn: { args: unknown[][] } };
    assert.ok(hook.warn.args.some((args) => /no webhook user and password/.test(String(args[0]))));
  });

  it('answers 400 to what is not a Paylocity event, emitting nothing', async () => {
    await load();
    const events = collect('events');
    const bad: Array<[unknown, RegExp]> = [
      ['{"companyId": "C01", ', /not JSON/],
      [[], /no events/],
      ['"C01"', /must be a JSON object/],
      [{ companyId: 'C01' }, /not a Paylocity event/],
      [{ companyId: null, employeeId: '1' }, /Employee Change: companyId must be an id/],
      [newHire(''), /New Hire: employeeId must not be empty/],
      [{ ...termination('9'), employeeId: null }, /Termination: employeeId must be an id/],
      [{ ...payroll(), processId: 'Dec-11' }, /processId Dec-11 is not a check date/],
      [{ ...payroll(), processId: null, runId: null }, /needs processId, or checkDate and runId/],
      [{ ...payroll(), checkDate: '2026-02-30' }, /checkDate 2026-02-30 is not a date/],
      [{ ...payroll('2'), processId: '2026121101' }, /does not match/],
      [[newHire('1'), { companyId: 'C01' }], /event 2: not a Paylocity event/],
    ];
    for (const [body, problem] of bad) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(await res.text(), problem);
    }
    const huge = JSON.stringify({ ...newHire('1'), padding: 'x'.repeat(300 * 1024) });
    assert.equal((await post(huge)).status, 413);
    assert.deepEqual(await sentinel(events, 0), []);
  });

  it('takes nulls wherever Paylocity may send them, and numeric ids', async () => {
    await load();
    const events = collect('events');
    const allNull = Object.fromEntries(Object.keys(newHire('x')).map((key) => [key, null]));
    await postOk({ ...allNull, companyId: 'C01', employeeId: 3301 });
    await postOk({ companyId: 'C01', processId: 2026121102, checkDate: null, runId: null, processDate: null, status: null });
    await postOk({ companyId: 'C01', processId: null, checkDate: '12/11/2026', runId: 3, processDate: null, status: null });
    await events.waitFor(3);
    const [hire, run2, run3] = events.messages;
    assert.equal(hire?.['topic'], 'paylocity/webhook/new-hire');
    assert.equal((hire?.['payload'] as { employeeId: string }).employeeId, '3301');
    assert.deepEqual(run2?.['payload'], { eventType: 'Payroll Processed', companyId: 'C01', checkDate: '2026-12-11', runId: '2', processId: '2026121102', processDate: null, status: null });
    assert.equal(keyOf(run3), 'paylocity:payroll:C01:2026121103');
    assert.equal((run3?.['payload'] as { checkDate: string }).checkDate, '2026-12-11');
  });

  it('drops an exact redelivery of a hire, termination or pay run; lets every Employee Change notice through with one key', async () => {
    await load();
    const events = collect('events');
    for (const body of [newHire('1042'), termination('0977'), payroll('1'), change('5511')]) {
      await postOk(body);
      await postOk(body);
    }
    // The same employee hired again with other details is another event.
    await postOk(newHire('1042', { employeeCity: 'Nampa' }));
    const emitted = await sentinel(events, 6);
    assert.deepEqual(
      emitted.map((msg) => msg['topic']),
      ['paylocity/webhook/new-hire', 'paylocity/webhook/termination', 'paylocity/webhook/payroll-processed', 'paylocity/webhook/employee-change', 'paylocity/webhook/employee-change', 'paylocity/webhook/new-hire'],
    );
    assert.equal(keyOf(emitted[3]), keyOf(emitted[4]), 'Employee Change notices of one employee carry one key');
    assert.notEqual(keyOf(emitted[0]), keyOf(emitted[5]));
  });

  it('with a store, does not emit a delivered event again after a restart, and records it as posted', async () => {
    await load([{ store: true }]);
    let events = collect('events');
    await postOk(payroll('1'));
    await events.waitFor(1);

    await helper.unload();
    await load([{ store: true }]);
    events = collect('events');
    await postOk(payroll('1'));
    await postOk(payroll('2'));
    await events.waitFor(1);
    assert.deepEqual(await sentinel(events, 1).then((msgs) => msgs.map(keyOf)), ['paylocity:payroll:C01:2026121102']);

    await helper.unload();
    const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
    try {
      const remembered = await store.list({ status: 'posted', keyPrefix: 'paylocity:webhook:payroll-processed:' });
      assert.equal(remembered.length, 3, remembered.map((record) => record.key).join(', '));
      assert.deepEqual(remembered[0]?.target, { system: 'node-red', entity: 'mlc-paylocity-webhook', id: 'hook' });
      assert.equal(await store.get('paylocity:payroll:C01:2026121101'), null, 'the pay run key is left to the flow');
    } finally {
      await store.close();
    }
  });

  it('with a store, a redeploy the moment events come out still records every one as posted before the store closes', async () => {
    await load([{ store: true }]);
    const errors: string[] = [];
    (helper.getNode('hook') as unknown as NodeJS.EventEmitter).on('call:error', (call: { args: unknown[] }) => errors.push(String(call.args[0])));
    // The flow stops (every node at once, the store's among them) as soon as the first event is out,
    // while the marks of that turn are still queued for the next one.
    const stopped = new Promise<void>((resolve, reject) => {
      helper.getNode('events').once('input', () => void helper.unload().then(resolve, reject));
    });
    // One delivery of eight pay runs: let in together, emitted in one turn.
    await postOk(['1', '2', '3', '4', '5', '6', '7', '8'].map((run) => payroll(run)));
    await stopped;
    assert.deepEqual(errors, []);

    const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
    try {
      const remembered = await store.list({ keyPrefix: 'paylocity:webhook:payroll-processed:' });
      assert.equal(remembered.length, 8);
      assert.deepEqual(
        remembered.filter((record) => record.status !== 'posted').map((record) => `${record.key} ${record.status}`),
        [],
        'every event let in is posted, none left claimed',
      );
    } finally {
      await store.close();
    }
  });

  it('per-event endpoints read a body as the path says; one for all tells the events apart', async () => {
    await load([
      { id: 'hires', events: 'new-hire', path: '/mlc/paylocity/new-hire' },
      { id: 'runs', events: 'payroll-processed', path: '/mlc/paylocity/payroll-processed' },
      { id: 'hook', events: 'all', path: ALL },
    ]);
    const events = collect('events');
    // Just the ids: on the New Hire endpoint a hire, on the all-events endpoint an Employee Change.
    await postOk({ companyId: 'C01', employeeId: '8800' }, { path: '/mlc/paylocity/new-hire' });
    await postOk({ companyId: 'C01', employeeId: '8800' });
    const runs = await post(newHire('8801'), { path: '/mlc/paylocity/payroll-processed' });
    assert.equal(runs.status, 400);
    assert.match(await runs.text(), /Payroll Processed: a Payroll Processed event needs processId/);
    const hires = await post(payroll('1'), { path: '/mlc/paylocity/new-hire' });
    assert.equal(hires.status, 400);
    assert.match(await hires.text(), /New Hire: employeeId must be an id/);
    const emitted = await sentinel(events, 2, '/mlc/paylocity/payroll-processed');
    assert.deepEqual(
      emitted.map((msg) => msg['topic']),
      ['paylocity/webhook/new-hire', 'paylocity/webhook/employee-change'],
    );
  });

  it('shows the path, then events, last type and rejections in its status', async () => {
    await load();
    const texts: string[] = [];
    const hook = helper.getNode('hook') as unknown as NodeJS.EventEmitter & { status: { args: Array<[{ text?: string }]> } };
    assert.equal(hook.status.args.at(-1)?.[0].text, `POST ${ALL}`);
    const shown = new Promise<void>((resolve) =>
      hook.on('call:status', (call: { args: Array<{ text?: string }> }) => {
        texts.push(call.args[0]?.text ?? '');
        if (/^1 event, last termination, 401×1$/.test(call.args[0]?.text ?? '')) resolve();
      }),
    );
    await post(newHire('1'), { auth: null });
    await postOk(termination('2'));
    await shown;
    // A rejection is shown at once (the first update of the node), the event once the throttle lets it.
    assert.ok(texts.includes('401×1: no Basic credentials'), texts.join(' | '));
  });

  it('removes its route on redeploy: the old path answers 404, the new one serves', async () => {
    await load();
    await postOk(change('1'));
    await helper.unload();
    await load([{ path: '/mlc/paylocity/hooks-v2' }]);
    assert.equal((await post(change('1'))).status, 404);
    await postOk(change('1'), { path: '/mlc/paylocity/hooks-v2' });
  });
});
