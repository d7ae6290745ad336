// mlc-ukg-write in real Node-RED with the real mlc-ukg-config, against the UKG simulator over real
// sockets: two org levels in one bulk POST (one already existing), upsert turning the 409 into a
// PATCH, update, a refused login, and failures reaching Catch when output 2 is unwired. Exactly once
// under faults: after an answer lost after commit (500, cut, hanging past the timeout) or before it,
// the writer looks the org levels up (one GET) before it sends anything again; one org level per code.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { UkgSimulator } from '../../sandbox/ukg';
import ukgConfigNode = require('../../nodes/ukg/ukg-config');
import ukgWriteNode = require('../../nodes/ukg/ukg-write');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

const CONFIG_NAME = 'UKG (test)';
const WRONG_PASSWORD = 'Wrong-Password-4411';
const ORG_LEVELS = '/configuration/v1/org-levels';

type Msg = Record<string, unknown>;
interface UkgError {
  message: string;
  code: string;
  status?: number;
  source: { type: string };
}

const NEW_CENTER = { level: 2, code: 'CC-600', description: 'Equipment Yard', glSegment: 'CC-600', isActive: true };
const EXISTING_CENTER = { level: 2, code: 'CC-100', description: 'Administration & HR', glSegment: 'CC-100' };

describe('mlc-ukg-write against the UKG simulator', () => {
  const ukg = new UkgSimulator();
  let sim: RunningSimulator;

  const flow = (write: Msg = {}, { errorWired = true } = {}): Msg[] =>
    positioned([
      { id: 'tab', type: 'tab', label: 'ukg write' },
      { id: 'ukg', type: 'mlc-ukg-config', name: CONFIG_NAME, host: sim.url, maxAttempts: 1 },
      { id: 'write', z: 'tab', type: 'mlc-ukg-write', ukg: 'ukg', operation: 'create', batchSize: 100, ...write, wires: [['written'], errorWired ? ['failed'] : []] },
      { id: 'written', z: 'tab', type: 'helper' },
      { id: 'failed', z: 'tab', type: 'helper' },
      { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', z: 'tab', type: 'helper' },
    ]);
  const load = (write: Msg = {}, options: { errorWired?: boolean; password?: string; timeoutSeconds?: number } = {}): Promise<void> =>
    helper.load([ukgConfigNode, ukgWriteNode], flow(write, options).map((n) => (n['id'] === 'ukg' && options.timeoutSeconds ? { ...n, timeoutSeconds: options.timeoutSeconds } : n)), {
      ukg: { username: 'mlc-demo', password: options.password ?? 'mlc-demo-password', customerApiKey: 'MLCDM' },
    });
  const requests = (method: 'POST' | 'PATCH' | 'GET'): number => sim.log.count({ method, path: ORG_LEVELS });
  /** How many org levels UKG holds with this code: exactly once means 1. */
  const copies = (code: string): number => ukg.state.orgLevels.filter((org) => org.level === 2 && org.code === code).length;
  const orgLevel = (code: string) => ukg.state.orgLevels.find((org) => org.level === 2 && org.code === code);
  const targetOf = (msg: Msg | undefined) => (msg?.['mlc'] as { target?: unknown } | undefined)?.target;
  const ukgOf = (msg: Msg | undefined) => msg?.['ukg'] as { status: number; created: boolean };
  const errorOf = (msg: Msg | undefined) => msg?.['error'] as UkgError;

  before(async () => {
    sim = await startSimulator(ukg, { port: 0 });
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });
  beforeEach(() => sim.reset());
  afterEach(() => helper.unload());

  it('creates two org levels in one POST; the existing one fails with UKG\'s 409 text (create)', async () => {
    await load({ operation: 'create' });
    const written = collect('written');
    const failed = collect('failed');
    send('write', { payload: NEW_CENTER, mlc: { key: 'odoo:cc:600' } });
    send('write', { payload: EXISTING_CENTER, mlc: { key: 'odoo:cc:100' } });
    const [created] = await written.waitFor(1);
    const [refused] = await failed.waitFor(1);

    assert.equal(requests('POST'), 1, 'one bulk POST for both');
    assert.equal(requests('PATCH'), 0);
    assert.deepEqual(targetOf(created), { system: 'ukg', entity: 'org-level', id: '2/CC-600' });
    assert.deepEqual(ukgOf(created), { status: 201, created: true });
    assert.equal((created?.['mlc'] as { key: string }).key, 'odoo:cc:600');
    assert.equal(orgLevel('CC-600')?.description, 'Equipment Yard');

    const error = errorOf(refused);
    assert.equal(error.code, 'MLC_UKG_ORG_LEVEL_EXISTS');
    assert.equal(error.status, 409);
    assert.match(error.message, /2\/CC-100.*Org level 2 code 'CC-100' already exists/);
    assert.equal(error.source.type, 'mlc-ukg-write');
    assert.equal(targetOf(refused), undefined);
    assert.equal(orgLevel('CC-100')?.description, 'Administration', 'left as it was');
  });

  it('upsert: creates the new one and PATCHes the one UKG says exists', async () => {
    await load({ operation: 'upsert' });
    const written = collect('written');
    const failed = collect('failed');
    send('write', { payload: NEW_CENTER });
    send('write', { payload: EXISTING_CENTER });
    const both = await written.waitFor(2);

    assert.equal(failed.messages.length, 0);
    assert.equal(requests('POST'), 1);
    assert.equal(requests('PATCH'), 1);
    const byId = new Map(both.map((msg) => [(targetOf(msg) as { id: string }).id, ukgOf(msg)]));
    assert.deepEqual(byId.get('2/CC-600'), { status: 201, created: true });
    assert.deepEqual(byId.get('2/CC-100'), { status: 200, created: false });
    assert.equal(orgLevel('CC-100')?.description, 'Administration & HR');
    assert.equal(orgLevel('CC-600')?.glSegment, 'CC-600');
  });

  it('update: PATCHes one org level per message; a missing one fails with 404', async () => {
    await load({ operation: 'update' });
    const written = collect('written');
    const failed = collect('failed');
    send('write', { payload: { level: 2, code: 'CC-900', isActive: true } });
    send('write', { payload: { level: '2', code: 'CC-999', description: 'Nowhere' } });
    const [updated] = await written.waitFor(1);
    const [missing] = await failed.waitFor(1);

    assert.equal(requests('POST'), 0);
    assert.equal(requests('PATCH'), 2);
    assert.deepEqual(targetOf(updated), { system: 'ukg', entity: 'org-level', id: '2/CC-900' });
    assert.deepEqual(ukgOf(updated), { status: 200, created: false });
    assert.equal(orgLevel('CC-900')?.isActive, true);
    assert.equal(orgLevel('CC-900')?.description, 'Legacy Yard', 'fields not given stay');
    assert.equal(errorOf(missing).status, 404);
    assert.equal(errorOf(missing).code, 'MLC_HTTP_NOT_FOUND');
    assert.match(errorOf(missing).message, /CC-999/);
  });

  it('takes msg.operation over the node\'s, and refuses a payload that is not an org level without a request', async () => {
    await load({ operation: 'create' });
    const written = collect('written');
    const failed = collect('failed');
    send('write', { payload: EXISTING_CENTER, operation: 'upsert' });
    const [upserted] = await written.waitFor(1);
    assert.deepEqual(ukgOf(upserted), { status: 200, created: false });

    const before = sim.log.count({ path: ORG_LEVELS });
    send('write', { payload: { code: 'CC-700', description: 'No level' } });
    send('write', { payload: [NEW_CENTER] });
    send('write', { payload: { level: 2, code: 'CC-701' } });
    send('write', { payload: NEW_CENTER, operation: 'delete' });
    const refused = await failed.waitFor(4);
    assert.deepEqual(
      refused.map((msg) => errorOf(msg).code),
      ['MLC_UKG_WRITE_BAD_INPUT', 'MLC_UKG_WRITE_BAD_INPUT', 'MLC_UKG_WRITE_BAD_INPUT', 'MLC_UKG_WRITE_BAD_INPUT'],
    );
    assert.match(errorOf(refused[0]).message, /msg\.payload\.level/);
    assert.match(errorOf(refused[2]).message, /description/);
    assert.equal(sim.log.count({ path: ORG_LEVELS }), before, 'no request for bad input');
  });

  it('a wrong password fails every org level of the POST with 401, naming the config node', async () => {
    await load({ operation: 'upsert' }, { password: WRONG_PASSWORD });
    const failed = collect('failed');
    send('write', { payload: NEW_CENTER });
    send('write', { payload: EXISTING_CENTER });
    const refused = await failed.waitFor(2);
    assert.equal(requests('POST'), 1);
    for (const msg of refused) {
      const error = errorOf(msg);
      assert.equal(error.code, 'MLC_HTTP_UNAUTHORIZED');
      assert.equal(error.status, 401);
      assert.match(error.message, /UKG \(test\)/);
      assert.doesNotMatch(JSON.stringify(msg), new RegExp(WRONG_PASSWORD));
    }
    assert.equal(orgLevel('CC-600'), undefined);
  });

  it('with output 2 unwired, a failure reaches Catch with its code', async () => {
    await load({ operation: 'create' }, { errorWired: false });
    const caught = collect('caught');
    const statuses: Array<{ fill?: string; shape?: string; text?: string }> = [];
    // The helper re-emits every status() call as a 'call:status' event.
    (helper.getNode('write') as unknown as NodeJS.EventEmitter).on('call:status', (call: { args: Array<{ fill?: string; shape?: string; text?: string }> }) => {
      if (call.args[0]) statuses.push(call.args[0]);
    });
    send('write', { payload: EXISTING_CENTER });
    const [out] = await caught.waitFor(1);
    const error = out?.['error'] as { message: string; code: string; source: { type: string; id: string } };
    assert.equal(error.code, 'MLC_UKG_ORG_LEVEL_EXISTS');
    assert.match(error.message, /already exists/);
    assert.equal(error.source.id, 'write');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(
      statuses.some((s) => s.fill === 'red' && s.shape === 'ring' && /failed 1/.test(s.text ?? '')),
      JSON.stringify(statuses),
    );
  });

  describe('exactly once under faults', () => {
    const SECOND_CENTER = { level: 2, code: 'CC-610', description: 'Tool Crib', glSegment: 'CC-610' };
    const POST = { method: 'POST', path: ORG_LEVELS };

    /** Sends both new centers in one batch and waits for both outcomes. */
    async function writeBoth(options: { operation?: string } = {}): Promise<{ written: Msg[]; failed: Msg[] }> {
      const written = collect('written');
      const failed = collect('failed');
      send('write', { payload: NEW_CENTER, mlc: { key: 'odoo:cc:600' }, ...options });
      send('write', { payload: SECOND_CENTER, mlc: { key: 'odoo:cc:610' }, ...options });
      while (written.messages.length + failed.messages.length < 2) await Promise.race([written.waitFor(written.messages.length + 1, 60_000), failed.waitFor(failed.messages.length + 1, 60_000)]);
      return { written: written.messages, failed: failed.messages };
    }

    for (const [what, fault] of [
      ['answers 500 after storing', { kind: 'status', status: 500 }],
      ['drops the connection after storing', { kind: 'drop' }],
      ['hangs past the client timeout after storing', { kind: 'hang' }],
    ] as const) {
      it(`UKG ${what}: one look-up finds both, nothing is sent again, both written once`, async () => {
        ukg.afterCommit.add({ ...fault, ...POST });
        await load({ operation: 'create' }, { timeoutSeconds: 1 });
        const { written, failed } = await writeBoth();
        assert.equal(failed.length, 0, JSON.stringify(failed.map(errorOf)));
        assert.equal(requests('POST'), 1, 'the POST is not sent again');
        assert.equal(requests('GET'), 1, 'one look-up for the whole batch');
        assert.deepEqual(written.map((msg) => (targetOf(msg) as { id: string }).id).sort(), ['2/CC-600', '2/CC-610']);
        for (const msg of written) assert.deepEqual(ukgOf(msg), { status: 200, created: true, confirmedBy: 'lookup' });
        assert.equal(copies('CC-600'), 1);
        assert.equal(copies('CC-610'), 1);
        assert.equal(ukg.afterCommit.pending(), 0, 'the fault was used');
      });
    }

    it('the kit\'s reset-mid-body (stored, answer cut in the middle): looked up, written once', async () => {
      sim.faults.add({ kind: 'reset-mid-body', ...POST });
      await load({ operation: 'create' });
      const { written, failed } = await writeBoth();
      assert.equal(failed.length, 0, JSON.stringify(failed.map(errorOf)));
      assert.equal(written.length, 2);
      assert.equal(requests('POST'), 1);
      assert.equal(requests('GET'), 1);
      assert.equal(copies('CC-600') + copies('CC-610'), 2);
    });

    it('a 500 before anything was stored: looked up, missing, sent again once together; written once', async () => {
      sim.faults.add({ kind: 'status', status: 500, ...POST });
      await load({ operation: 'create' });
      const { written, failed } = await writeBoth();
      assert.equal(failed.length, 0, JSON.stringify(failed.map(errorOf)));
      assert.equal(requests('POST'), 2, 'the first POST and one resend of both');
      assert.equal(requests('GET'), 1);
      for (const msg of written) assert.deepEqual(ukgOf(msg), { status: 201, created: true });
      assert.equal(copies('CC-600'), 1);
      assert.equal(copies('CC-610'), 1);
    });

    it('5xx twice before storing: after the second look-up both fail as transient MLC_UKG_OUTCOME_UNKNOWN, no third POST; a replay writes them once', async () => {
      sim.faults.add({ kind: 'status', status: 503, ...POST, times: 2 });
      await load({ operation: 'create' });
      const first = await writeBoth();
      assert.equal(first.written.length, 0);
      assert.equal(requests('POST'), 2, 'never a third POST');
      assert.equal(requests('GET'), 2);
      for (const msg of first.failed) {
        assert.equal(errorOf(msg).code, 'MLC_UKG_OUTCOME_UNKNOWN');
        assert.equal((msg['error'] as { transient?: boolean }).transient, true);
        assert.match(errorOf(msg).message, /not in UKG after two POSTs whose outcome was unknown/);
      }
      assert.equal(copies('CC-600') + copies('CC-610'), 0);

      const replay = await writeBoth();
      assert.equal(replay.written.length, 2);
      assert.equal(copies('CC-600'), 1);
      assert.equal(copies('CC-610'), 1);
    });

    it('stored, answer lost, and the look-up fails too: failed as unknown and not sent again; the rerun meets 409, finds the same values and reports written', async () => {
      ukg.afterCommit.add({ kind: 'status', status: 502, ...POST });
      sim.faults.add({ kind: 'status', status: 500, method: 'GET', path: ORG_LEVELS });
      await load({ operation: 'create' });
      const first = await writeBoth();
      assert.equal(first.written.length, 0);
      assert.equal(requests('POST'), 1, 'nothing sent again without a look-up');
      for (const msg of first.failed) {
        assert.equal(errorOf(msg).code, 'MLC_UKG_OUTCOME_UNKNOWN');
        assert.match(errorOf(msg).message, /outcome is unknown .* looking it up failed/);
      }
      assert.equal(copies('CC-600'), 1, 'stored by the first POST');

      const rerun = await writeBoth();
      assert.equal(rerun.failed.length, 0, JSON.stringify(rerun.failed.map(errorOf)));
      for (const msg of rerun.written) assert.deepEqual(ukgOf(msg), { status: 200, created: false, confirmedBy: 'lookup' });
      assert.equal(requests('POST'), 2);
      assert.equal(copies('CC-600'), 1);
      assert.equal(copies('CC-610'), 1);
    });

    it('upsert after a lost answer: a record UKG holds with other values is PATCHed, the new one confirmed; create of the same fails as existing', async () => {
      ukg.afterCommit.add({ kind: 'drop', ...POST });
      await load({ operation: 'upsert' });
      const written = collect('written');
      send('write', { payload: NEW_CENTER });
      send('write', { payload: EXISTING_CENTER });
      const both = await written.waitFor(2);
      const byId = new Map(both.map((msg) => [(targetOf(msg) as { id: string }).id, ukgOf(msg)]));
      assert.deepEqual(byId.get('2/CC-600'), { status: 200, created: true, confirmedBy: 'lookup' });
      assert.deepEqual(byId.get('2/CC-100'), { status: 200, created: false });
      assert.equal(requests('POST'), 1);
      assert.equal(requests('GET'), 1);
      assert.equal(requests('PATCH'), 1);
      assert.equal(orgLevel('CC-100')?.description, 'Administration & HR');
      await helper.unload();

      sim.reset();
      ukg.afterCommit.add({ kind: 'drop', ...POST });
      await load({ operation: 'create' });
      const failed = collect('failed');
      send('write', { payload: EXISTING_CENTER });
      const [refused] = await failed.waitFor(1);
      assert.equal(errorOf(refused).code, 'MLC_UKG_ORG_LEVEL_EXISTS');
      assert.match(errorOf(refused).message, /409|other values/);
      assert.equal(orgLevel('CC-100')?.description, 'Administration');
    });

    it('a 400 refusing the whole POST sends the records again one by one, each in its own POST', async () => {
      sim.faults.add({ kind: 'status', status: 400, body: { title: 'One or more validation errors occurred.', status: 400 }, ...POST });
      await load({ operation: 'create' });
      const { written, failed } = await writeBoth();
      assert.equal(failed.length, 0, JSON.stringify(failed.map(errorOf)));
      assert.equal(written.length, 2);
      assert.equal(requests('POST'), 3, 'the refused batch, then one POST per record');
      assert.equal(requests('GET'), 0, 'a refusal is not an unknown outcome');
      assert.equal(copies('CC-600') + copies('CC-610'), 2);
    });
  });
});
