// mlc-schedule in Node-RED: status, manual and admin triggers, the preview route, timers that fire
// and that stop on redeploy, and an invalid schedule reported to a Catch node.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { formatInZone, lastRun, nextRuns, parseScheduleSpec, specFromFormFields } from '../../lib/schedule';
import scheduleNode = require('../../nodes/core/schedule');
import { collect, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

type Fields = Record<string, unknown>;

const BIWEEKLY: Fields = {
  mode: 'payCalendar',
  frequency: 'biweekly',
  anchorPayDate: '2026-11-13',
  offsetDays: 1,
  offsetUnit: 'business',
  offsetDirection: 'after',
  time: '06:00',
  timeZone: 'Europe/Berlin',
  holidays: '2026-12-25 Christmas\n2026-12-28',
  weekendDays: 'sat,sun',
  adjustment: 'previous',
};
const EVERY_SECOND: Fields = { mode: 'cron', cron: '* * * * * *', timeZone: 'UTC' };

function flow(fields: Fields, extra: Fields = {}): Array<Record<string, unknown>> {
  return [
    { id: 'tab', type: 'tab', label: 'schedule' },
    { id: 'sched', z: 'tab', type: 'mlc-schedule', name: 'payroll', ...fields, ...extra, wires: [['out']] },
    { id: 'out', z: 'tab', type: 'helper' },
    // Not id 'catch': the runtime would read the node's own type as a reference to itself.
    { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'tab', type: 'helper' },
  ];
}

interface Spy {
  args: unknown[][];
}

function statusTexts(nodeId: string): Array<{ fill?: string; shape?: string; text?: string }> {
  const spy = helper.getNode(nodeId).status as unknown as Spy;
  return spy.args.map((args) => args[0] as { fill?: string; shape?: string; text?: string });
}

/** Records what the node sends from now on, including from a timer left running after close. */
function recordSends(nodeId: string): unknown[] {
  const node = helper.getNode(nodeId);
  const sent: unknown[] = [];
  const original = node.send.bind(node);
  node.send = (msg) => {
    sent.push(msg);
    original(msg);
  };
  return sent;
}

// setFlows is in the helper but not in its local type declarations.
const redeploy = (nodes: Array<Record<string, unknown>>) =>
  (helper as unknown as { setFlows(flow: Array<Record<string, unknown>>, type: 'full'): Promise<void> }).setFlows(nodes, 'full');

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('mlc-schedule node', () => {
  before(() => helper.startServer());
  after(() => helper.stopServer());
  afterEach(() => helper.unload());

  it('shows the next run on the schedule\'s clock in its status', async () => {
    await helper.load(scheduleNode, flow(BIWEEKLY));
    const spec = parseScheduleSpec(specFromFormFields(BIWEEKLY));
    const next = nextRuns(spec, new Date(), 1)[0];
    assert.ok(next);
    const status = statusTexts('sched').at(-1);
    assert.deepEqual(status, { fill: 'blue', shape: 'dot', text: `next ${formatInZone(next.at, 'Europe/Berlin')}` });
    assert.match(status?.text ?? '', /^next \d{4}-\d{2}-\d{2} 06:00 CES?T$/);
  });

  it('runs on an input message: the latest scheduled run, or the run of a given pay date', async () => {
    await helper.load(scheduleNode, flow(BIWEEKLY, { topic: 'ukg/payrun' }));
    const out = collect('out');
    send('sched', { payload: 1700000000000, keep: 'me' });
    const [latest] = await out.waitFor(1);
    const expected = lastRun(parseScheduleSpec(specFromFormFields(BIWEEKLY)), new Date());
    assert.equal(latest?.['topic'], 'ukg/payrun');
    assert.equal(latest?.['keep'], 'me', 'the input message travels on');
    assert.deepEqual(latest?.['mlc'], { runId: expected?.runId });
    assert.equal((latest?.['payload'] as { trigger: string }).trigger, 'manual');

    send('sched', { payload: { payDate: '2026-12-25' } });
    const [, christmas] = await out.waitFor(2);
    assert.deepEqual(christmas?.['payload'], {
      scheduledFor: '2026-12-29T05:00:00.000Z',
      payDate: '2026-12-24',
      nominalPayDate: '2026-12-25',
      periodStart: '2026-12-12',
      periodEnd: '2026-12-25',
      trigger: 'manual',
    });
    assert.deepEqual(christmas?.['mlc'], { runId: 'payrun:2026-12-24' });
  });

  it('reports a date that is not a pay date to a Catch node', async () => {
    await helper.load(scheduleNode, flow(BIWEEKLY));
    const caught = collect('caught');
    send('sched', { payload: { payDate: '2026-11-14' } });
    const [msg] = await caught.waitFor(1);
    const error = msg?.['error'] as { message: string; code: string; source: { id: string } };
    assert.match(error.message, /2026-11-14 is not a pay date of this calendar \(nearest: 2026-11-13 and 2026-11-27\)/);
    assert.equal(error.code, 'MLC_SCHEDULE_NOT_A_PAY_DATE');
    assert.equal(error.source.id, 'sched');
  });

  it('runs from the editor button through the admin trigger route; 404 for a node not deployed', async () => {
    await helper.load(scheduleNode, flow(BIWEEKLY));
    const out = collect('out');
    await helper.request().post('/mlc-schedule/sched/trigger').expect(200);
    const [msg] = await out.waitFor(1);
    assert.match((msg?.['mlc'] as { runId: string }).runId, /^payrun:\d{4}-\d{2}-\d{2}$/);
    await helper.request().post('/mlc-schedule/sched/trigger').send({ payDate: '2026-11-13' }).expect(200);
    const [, forDate] = await out.waitFor(2);
    assert.deepEqual(forDate?.['mlc'], { runId: 'payrun:2026-11-13' });
    await helper.request().post('/mlc-schedule/nope/trigger').expect(404);
    await helper.request().post('/mlc-schedule/out/trigger').expect(404);
  });

  it('previews the next runs of the editor\'s fields or of a spec, and explains an invalid one', async () => {
    await helper.load(scheduleNode, flow(BIWEEKLY));
    const fromFields = await helper
      .request()
      .post('/mlc-schedule/preview')
      .send({ fields: BIWEEKLY, from: '2026-11-20T00:00:00Z' })
      .expect(200);
    const body = fromFields.body as { ok: boolean; description: string; runs: Array<{ runId: string; local: string }> };
    assert.equal(body.description, 'bi-weekly Fri, +1 business day 06:00 Europe/Berlin');
    assert.deepEqual(
      body.runs.map((r) => `${r.runId} ${r.local}`),
      [
        'payrun:2026-11-27 2026-11-30 06:00 CET',
        'payrun:2026-12-11 2026-12-14 06:00 CET',
        'payrun:2026-12-24 2026-12-29 06:00 CET',
        'payrun:2027-01-08 2027-01-11 06:00 CET',
        'payrun:2027-01-22 2027-01-25 06:00 CET',
      ],
    );

    const spec = JSON.stringify({ mode: 'cron', expression: '0 6 * * 1-5', timeZone: 'America/New_York' });
    const fromQuery = await helper.request().get('/mlc-schedule/preview').query({ spec, count: '2', from: '2026-11-27T12:00:00Z' }).expect(200);
    assert.deepEqual(
      (fromQuery.body as { runs: Array<{ local: string }> }).runs.map((r) => r.local),
      ['2026-11-30 06:00 EST', '2026-12-01 06:00 EST'],
    );

    const invalid = await helper.request().post('/mlc-schedule/preview').send({ fields: { ...BIWEEKLY, anchorPayDate: '', time: '6' } }).expect(400);
    assert.deepEqual((invalid.body as { problems: string[] }).problems, [
      'time: expected a time of day as HH:MM (24-hour, e.g. "06:00")',
      'anchorPayDate: expected a date as YYYY-MM-DD, got ""',
    ]);
    await helper.request().get('/mlc-schedule/preview').query({ spec: '{not json' }).expect(400);
  });

  it('fires on schedule with trigger "schedule" and a runId per run', async () => {
    await helper.load(scheduleNode, flow(EVERY_SECOND));
    const out = collect('out');
    const [first, second] = await out.waitFor(2, 5000);
    const payload = first?.['payload'] as { scheduledFor: string; trigger: string };
    assert.equal(payload.trigger, 'schedule');
    assert.equal(first?.['topic'], 'mlc/schedule');
    assert.equal((first?.['mlc'] as { runId: string }).runId, `cron:${payload.scheduledFor.slice(0, 19)}Z`);
    assert.notEqual((first?.['mlc'] as { runId: string }).runId, (second?.['mlc'] as { runId: string }).runId);
    // Fired at or just after the instant it was due, not before.
    assert.ok(Date.now() >= Date.parse(payload.scheduledFor));
  });

  it('stops its timer on close: nothing fires after unload', async () => {
    await helper.load(scheduleNode, flow(EVERY_SECOND));
    const sent = recordSends('sched');
    await collect('out').waitFor(1, 5000);
    await helper.unload();
    const firedBeforeClose = sent.length;
    await sleep(2500);
    assert.equal(sent.length, firedBeforeClose, 'a timer fired after the node was closed');
  });

  it('on redeploy only the new node fires; the old node\'s timer is gone', async () => {
    await helper.load(scheduleNode, flow(EVERY_SECOND));
    const oldSends = recordSends('sched');
    await collect('out').waitFor(1, 5000);
    await redeploy(flow(EVERY_SECOND, { topic: 'redeployed' }));
    const afterRedeploy = oldSends.length;
    const out = collect('out');
    const [msg] = await out.waitFor(1, 5000);
    assert.equal(msg?.['topic'], 'redeployed');
    await sleep(1500);
    assert.equal(oldSends.length, afterRedeploy, 'the replaced node kept firing');
  });

  it('also fires once on deploy when asked, repeating the latest scheduled run', async () => {
    await helper.load(scheduleNode, flow(BIWEEKLY, { runOnStart: true }));
    const [msg] = await collect('out').waitFor(1);
    const expected = lastRun(parseScheduleSpec(specFromFormFields(BIWEEKLY)), new Date());
    assert.deepEqual(msg?.['mlc'], { runId: expected?.runId });
    assert.equal((msg?.['payload'] as { trigger: string }).trigger, 'manual');
  });

  it('an invalid schedule shows a red ring, logs why, and a trigger reaches a Catch node', async () => {
    await helper.load(scheduleNode, flow({ ...BIWEEKLY, anchorPayDate: '' }));
    assert.deepEqual(statusTexts('sched').at(-1), { fill: 'red', shape: 'ring', text: 'invalid schedule' });
    const logged = (helper.getNode('sched').error as unknown as Spy).args.map((args) => String(args[0]));
    assert.ok(logged.some((text) => text.includes('anchorPayDate: expected a date as YYYY-MM-DD')), logged.join('\n'));

    const caught = collect('caught');
    await helper.request().post('/mlc-schedule/sched/trigger').expect(200);
    const [msg] = await caught.waitFor(1);
    const error = msg?.['error'] as { message: string; code: string; source: { id: string } };
    assert.match(error.message, /invalid schedule: anchorPayDate/);
    assert.equal(error.code, 'MLC_SCHEDULE_INVALID');
    assert.equal(error.source.id, 'sched');
  });
});
