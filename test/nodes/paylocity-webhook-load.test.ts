// A bounded loopback load test of mlc-paylocity-webhook: 200 webhook deliveries at once over real HTTP
// (distinct hires, terminations, pay runs and Employee Change notices, plus exact redeliveries and a
// second notice for each edit), through the flow an integrator wires: webhook → read the employee
// (a stand-in giving the read node's content-version key) → mlc-dedup on SQLite. Every distinct event
// must come out of dedup's first output exactly once, none lost; the run ends when every message the
// webhook emitted has left dedup by one output or the other, so nothing waits on a clock.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { basicHeader } from '../../lib/util/basic-auth';
import webhookNode = require('../../nodes/paylocity/paylocity-webhook');
import paylocityConfigNode = require('../../nodes/paylocity/paylocity-config');
import storeNode = require('../../nodes/core/store-config');
import dedupNode = require('../../nodes/core/dedup');
import { collect, positioned } from '../support/flow-helper';
import { HttpNodeServer } from '../support/http-node';

helper.init(require.resolve('node-red'));

const AUTH = { user: 'pcty-load', password: 'pw-load-7d41' };
const PATH = '/mlc/paylocity/webhook';

/** What "Paylocity" returns for an employee: one version each during the test. */
const employeeRecord = (employeeId: string): Record<string, unknown> => ({ companyId: 'C01', employeeId, firstName: `F${employeeId}`, status: 'A' });
const versionKey = (employeeId: string): string =>
  `paylocity:employee:C01:${employeeId}:h${createHash('sha256').update(JSON.stringify(employeeRecord(employeeId))).digest('hex').slice(0, 16)}`;

/** Stands in for the Paylocity read of one employee: the record and its content-version key. Pay runs pass. */
function standInRead(RED: NodeAPI): void {
  RED.nodes.registerType('mlc-test-paylocity-read', function (this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    this.on('input', (msg: NodeMessage & { mlc?: Record<string, unknown> }, send, done) => {
      const payload = msg.payload as { employeeId?: string };
      if (payload.employeeId !== undefined) {
        msg.mlc = { ...msg.mlc, key: versionKey(payload.employeeId) };
        msg.payload = employeeRecord(payload.employeeId);
      }
      send(msg);
      done();
    });
  });
}

const ids = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => String(from + i));

describe('mlc-paylocity-webhook under load', () => {
  const httpNode = new HttpNodeServer();
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-paylocity-load-'));
    await httpNode.start();
    await helper.startServer();
  });
  after(async () => {
    await helper.unload();
    await helper.stopServer();
    await httpNode.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('200 concurrent deliveries: every distinct event processed once, none lost', async () => {
    await helper.load(
      [httpNode.serving(webhookNode), paylocityConfigNode, storeNode, dedupNode, standInRead],
      positioned([
        { id: 'tab', type: 'tab', label: 'load' },
        { id: 'pcty', type: 'mlc-paylocity-config', companyId: 'C01' },
        { id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(dir, 'store.sqlite') },
        { id: 'hook', z: 'tab', type: 'mlc-paylocity-webhook', paylocity: 'pcty', events: 'all', path: PATH, windowHours: 24, store: 'store', wires: [['read']] },
        { id: 'read', z: 'tab', type: 'mlc-test-paylocity-read', wires: [['dedup']] },
        { id: 'dedup', z: 'tab', type: 'mlc-dedup', store: 'store', wires: [['processed'], ['repeats']] },
        { id: 'processed', z: 'tab', type: 'helper' },
        { id: 'repeats', z: 'tab', type: 'helper' },
      ]),
      { pcty: { clientId: 'cid', clientSecret: 'csecret', webhookUser: AUTH.user, webhookPassword: AUTH.password } },
    );
    const processed = collect('processed');
    const repeats = collect('repeats');

    const hires = ids(1000, 50).map((id) => ({ companyId: 'C01', companyName: 'MLC Demo', employeeId: id, employeeFirstName: `F${id}`, employeeHireDate: '2026-12-01', employeeCity: null }));
    const terminations = ids(2000, 30).map((id) => ({ companyId: 'C01', employeeId: Number(id), employeeFirstName: null, employeeLastName: `L${id}`, employeeTerminationDate: '2026-12-04T00:00:00' }));
    const runs = ids(1, 20).map((run) => ({ companyId: 'C01', processId: `20261211${run.padStart(2, '0')}`, checkDate: '2026-12-11', runId: run, processDate: null, status: 'Processed' }));
    const edited = ids(3000, 20);
    const notices = edited.flatMap((id) => [{ companyid: 'C01', employeeid: id }, { companyid: 'C01', employeeid: id }]);
    // Paylocity resending from its Webhook Log: 20 hires, 20 terminations and every pay run again.
    const redeliveries = [...hires.slice(0, 20), ...terminations.slice(0, 20), ...runs];
    const bodies = [...hires, ...terminations, ...runs, ...notices, ...redeliveries];
    assert.equal(bodies.length, 200);
    // Interleave so copies of one event arrive side by side with everything else.
    const order = bodies.map((body, i) => ({ body, at: (i * 7919) % bodies.length })).sort((a, b) => a.at - b.at);

    const expected = new Set([...hires.map((h) => versionKey(h.employeeId)), ...terminations.map((t) => versionKey(String(t.employeeId))), ...runs.map((r) => `paylocity:payroll:C01:${r.processId}`), ...edited.map(versionKey)]);
    assert.equal(expected.size, 120);
    // The webhook drops the 60 redeliveries itself; the second notice of each edit reaches dedup.
    const emitted = bodies.length - redeliveries.length;

    const answers = await Promise.all(
      order.map(({ body }) =>
        fetch(`${httpNode.url}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: basicHeader(AUTH) }, body: JSON.stringify(body) }).then((res) => res.status),
      ),
    );
    assert.deepEqual([...new Set(answers)], [200], 'every delivery answered 200');

    await processed.waitFor(expected.size, 60_000);
    await repeats.waitFor(emitted - expected.size, 60_000);
    const keys = processed.messages.map((msg) => (msg['mlc'] as { key: string }).key);
    assert.equal(keys.length, expected.size, 'no event processed twice');
    assert.deepEqual(new Set(keys), expected, 'every distinct event processed');
    assert.equal(processed.messages.length + repeats.messages.length, emitted, 'every message the webhook emitted left dedup');
    const repeated = repeats.messages.map((msg) => (msg['mlc'] as { key: string }).key).sort();
    assert.deepEqual(repeated, edited.map(versionKey).sort(), 'the repeats are the second notices of each edit');
  });
});
