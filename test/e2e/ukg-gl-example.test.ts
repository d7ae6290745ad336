// The bundled "UKG payroll GL → Odoo journal entries" example in a real Node-RED 5, against the UKG
// and Odoo sandboxes, with "Cost centers both ways" beside it as `npm start` loads them. Odoo's state is
// checked through its API: one posted, balanced entry per run and branch with the UKG totals; a second
// run posts nothing; the entry with an unmapped cost center is failed in the store, the others posted;
// after the cost center reaches Odoo, replay posts it once. Every run is reconciled against Odoo from
// the control totals the map kept: off while an entry is missing, tied out to the cent per branch and
// account once it is posted; a line changed in Odoo behind the pack's back makes the next
// reconciliation of its run name the entry, the account and the difference.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { ReconcileResult } from '../../lib/reconcile';
import type { RunReconciliation, Store } from '../../lib/store/types';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { loadExample, press, until, type FlowNode, stopAll } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const GL = 'UKG - payroll GL to Odoo journal entries.json';
const CENTERS = 'UKG - cost centers both ways.json';
const RUN_1 = 'GL-MLCO1-20261115';
const RUN_2 = 'GL-MLCO1-20261130';

function merged(...files: string[]): { flows: FlowNode[]; credentials: Record<string, Record<string, string>> } {
  const flows: FlowNode[] = [];
  const credentials: Record<string, Record<string, string>> = {};
  const seen = new Set<string>();
  for (const file of files) {
    const example = loadExample(file);
    for (const node of example.flows) if (!seen.has(node.id)) (seen.add(node.id), flows.push(node));
    Object.assign(credentials, example.credentials);
  }
  return { flows, credentials };
}

interface Move {
  id: number;
  ref: string;
  state: string;
  amount_total: number;
}

describe(`example "${GL}" in Node-RED 5 against the UKG and Odoo sandboxes`, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let store: Store;
  let odoo: OdooClient;

  const moves = async (run: string): Promise<Move[]> =>
    (await odoo.searchRead('account.move', { domain: [['ref', '=like', `UKG payroll ${run} %`]], fields: ['ref', 'state', 'amount_total'], order: 'ref asc' })) as unknown as Move[];
  const lineTotals = async (moveId: number): Promise<{ debit: number; credit: number }> => {
    const lines = (await odoo.searchRead('account.move.line', { domain: [['move_id', '=', moveId]], fields: ['debit', 'credit'] })) as unknown as Array<{ debit: number; credit: number }>;
    const cents = (key: 'debit' | 'credit') => lines.reduce((sum, l) => sum + Math.round(l[key] * 100), 0);
    return { debit: cents('debit'), credit: cents('credit') };
  };
  const replayThroughAdmin = async (filter: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const res = await fetch(`${nr.url}/mlc-replay/mlc-ex-gl-replay/replay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(filter) });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as Record<string, unknown>;
  };
  const storeState = async (run: string) => ({
    posted: (await store.list({ keyPrefix: `ukg:gl:${run}:`, status: 'posted' })).map((r) => r.key).sort(),
    failed: (await store.list({ keyPrefix: `ukg:gl:${run}:`, status: 'failed' })).map((r) => r.key).sort(),
  });

  /** The run that read this GL run's entries last (the run ids are the pack's, not UKG's). */
  const packRunOf = async (glRun: string): Promise<string> => {
    const record = await store.get(`ukg:gl:${glRun}:BR-N`);
    assert.ok(record?.runId, `a run read ${glRun}`);
    return record.runId;
  };
  const reconciledAfter = (runId: string, since: string): Promise<RunReconciliation> =>
    until(
      `run ${runId} reconciled after ${since}`,
      async () => (await store.listReconciliations([runId]))[0],
      (r) => r !== undefined && r.checkedAt > since,
      90_000,
    ) as Promise<RunReconciliation>;
  const resultOf = (r: RunReconciliation): ReconcileResult => r.result as ReconcileResult;

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const { flows, credentials } = merged(GL, CENTERS);
    nr = await startNodeRed('node-red', flows, { credentials, env: sandbox.environment() });
    store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
    const env = sandbox.environment();
    odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
  });
  after(() => stopAll({ odoo, store, nr, sandbox }));

  it('posts one balanced entry per branch for the latest run; the branch with an unknown cost center is kept as failed', async () => {
    await press(nr, 'mlc-ex-gl-run');
    const state = await until('the run to be audited', () => storeState(RUN_2), (s) => s.posted.length + s.failed.length === 3, 90_000);
    assert.deepEqual(state, { posted: [`ukg:gl:${RUN_2}:BR-N`, `ukg:gl:${RUN_2}:BR-S`], failed: [`ukg:gl:${RUN_2}:BR-E`] });
    const failed = await store.get(`ukg:gl:${RUN_2}:BR-E`);
    assert.match(failed?.error?.message ?? '', /cost center "CC-500" not found/);
    const posted = await moves(RUN_2);
    assert.deepEqual(posted.map((m) => [m.ref, m.state]), [
      [`UKG payroll ${RUN_2} BR-N`, 'posted'],
      [`UKG payroll ${RUN_2} BR-S`, 'posted'],
    ]);
    assert.deepEqual(await lineTotals(posted[0]!.id), { debit: 33_882_086, credit: 33_882_086 });
    assert.deepEqual(await lineTotals(posted[1]!.id), { debit: 21_143_581, credit: 21_143_581 });

    // BR-E never reached Odoo: the run is off by that entry, in count and amounts.
    const reconciliation = await reconciledAfter(await packRunOf(RUN_2), '');
    assert.equal(reconciliation.status, 'off');
    const result = resultOf(reconciliation);
    assert.deepEqual(result.records, { expected: 3, found: 2 });
    const east = result.differences.filter((d) => d.dimension === 'record' && d.value === `ukg:gl:${RUN_2}:BR-E`);
    assert.deepEqual(east.map((d) => [d.measure, d.off]).sort(), [['count', -1], ['credit', -24_155_715], ['debit', -24_155_715]]);
    assert.ok(result.differences.some((d) => d.dimension === 'cost center' && d.value === 'unmapped:CC-500'), 'the unknown cost center is named');
  });

  it('posts a named earlier run in full, with the UKG totals', async () => {
    await press(nr, 'mlc-ex-gl-run', { __user_inject_props__: [{ p: 'payload', v: '', vt: 'date' }, { p: 'runId', v: RUN_1, vt: 'str' }] });
    const state = await until('run 1 audited', () => storeState(RUN_1), (s) => s.posted.length === 3, 90_000);
    assert.equal(state.failed.length, 0);
    const posted = await moves(RUN_1);
    assert.equal(posted.length, 3);
    let debit = 0;
    for (const move of posted) {
      const totals = await lineTotals(move.id);
      assert.equal(totals.debit, totals.credit, `${move.ref} balances`);
      assert.equal(move.state, 'posted');
      debit += totals.debit;
    }
    assert.equal(debit, 77_825_617, 'the whole run: 778,256.17');

    const reconciliation = await reconciledAfter(await packRunOf(RUN_1), '');
    assert.equal(reconciliation.status, 'tied', resultOf(reconciliation).summary);
    const result = resultOf(reconciliation);
    assert.deepEqual(result.records, { expected: 3, found: 3 });
    assert.deepEqual(result.totals, [
      { measure: 'credit', expected: 77_825_617, found: 77_825_617 },
      { measure: 'debit', expected: 77_825_617, found: 77_825_617 },
    ]);
    assert.equal(result.readCalls, 1, 'three entries, one page, one read call');
    const controls = await store.runControls(await packRunOf(RUN_1));
    const branches = controls.figures.filter((f) => f.dimension === 'record' && f.measure === 'debit');
    assert.equal(branches.length, 3, 'per branch');
    assert.ok(controls.figures.filter((f) => f.dimension === 'account').length >= 4, 'per account');
  });

  it('names the entry, the account and the difference when a posted line is changed in Odoo behind the pack', async () => {
    const runId = await packRunOf(RUN_1);
    const [move] = (await odoo.searchRead('account.move', { domain: [['ref', '=', `UKG payroll ${RUN_1} BR-S`]], fields: ['ref'] })) as unknown as Move[];
    assert.ok(move);
    const lines = (await odoo.searchRead('account.move.line', { domain: [['move_id', '=', move.id]], fields: ['debit', 'credit', 'account_id'], order: 'id asc', raw: true })) as Array<{ id: number; debit: number; credit: number; account_id: [number, string] }>;
    const debitLine = lines.find((l) => l.debit > 0);
    const creditLine = lines.find((l) => l.credit > 0);
    assert.ok(debitLine && creditLine);
    // Someone in Odoo raises both sides by 10.00: the entry still balances, so Odoo takes it.
    await odoo.call({ model: 'account.move', method: 'button_draft', ids: [move.id] });
    await odoo.write('account.move', [move.id], { line_ids: [[1, debitLine.id, { debit: debitLine.debit + 10 }], [1, creditLine.id, { credit: creditLine.credit + 10 }]] });
    await odoo.call({ model: 'account.move', method: 'action_post', ids: [move.id] });

    const since = new Date().toISOString();
    await press(nr, 'mlc-ex-gl-reconcile-inject', { __user_inject_props__: [{ p: 'runId', v: runId, vt: 'str' }] });
    const reconciliation = await reconciledAfter(runId, since);
    assert.equal(reconciliation.status, 'off');
    const result = resultOf(reconciliation);
    const debitOff = result.differences.filter((d) => d.measure === 'debit' && d.dimension !== 'run' && d.dimension !== 'cost center');
    assert.deepEqual(
      debitOff.map((d) => [d.dimension, d.value === `ukg:gl:${RUN_1}:BR-S` ? 'BR-S' : d.label, d.off]),
      [
        ['record', 'BR-S', 1000],
        ['account', debitLine.account_id[1].split(' ')[0], 1000],
      ],
    );
    assert.match(result.summary, new RegExp(`record ukg:gl:${RUN_1}:BR-S: debit off by \\+10\\.00`));
  });

  it('posts nothing new when the same run is read again', async () => {
    const before = (await moves(RUN_2)).length + (await moves(RUN_1)).length;
    const runsBefore = (await store.listRuns({ limit: 50 })).length;
    await press(nr, 'mlc-ex-gl-run');
    await until('the repeated read to finish', () => store.listRuns({ limit: 50 }), (runs) => runs.length > runsBefore && runs.every((r) => r.status !== 'running'), 90_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal((await moves(RUN_2)).length + (await moves(RUN_1)).length, before);
    assert.deepEqual((await storeState(RUN_2)).failed, [`ukg:gl:${RUN_2}:BR-E`], 'still failed: the cost center is still unknown');
  });

  it('replayed from the sidebar before the fix, BR-E fails again with its first cause kept in its history', async () => {
    const key = `ukg:gl:${RUN_2}:BR-E`;
    const before = await store.get(key);
    const answer = await replayThroughAdmin({ key });
    assert.deepEqual(answer, { replayed: 1, filter: { key }, node: { id: 'mlc-ex-gl-replay', name: 'replay GL failures', flow: 'mlc-ex-gl-tab' } });
    const again = await until('BR-E failed again', () => store.get(key), (r) => r?.status === 'failed' && r.attempts > (before?.attempts ?? 0), 60_000);
    assert.equal(again?.history.length, (before?.history.length ?? 0) + 1);
    assert.match(again?.history[0]?.error.message ?? '', /cost center "CC-500" not found/);
    assert.equal(again?.history[0]?.error.node, 'mlc-ex-gl-map', 'the first cause names the node that failed it');
    assert.deepEqual(again?.input && typeof again.input === 'object' ? Object.keys(again.input as object).includes('lines') : false, true, 'kept as UKG gave it, for the mapping');
  });

  it('after the cost-center flow brings CC-500 into Odoo, a sidebar replay of BR-E reloads the tables and posts it once', async () => {
    await press(nr, 'mlc-ex-cc-ukg-run');
    await until('CC-500 in Odoo', () => odoo.searchCount('account.analytic.account', [['code', '=', 'CC-500']]), (n) => n === 1, 60_000);
    // As the sidebar does: the record's own flow's replay node, a filter naming the record. The
    // replay node sends the request through the table loaders first (output 3), so the tables
    // the map uses already have CC-500 although no run has started since.
    const answer = await replayThroughAdmin({ key: `ukg:gl:${RUN_2}:BR-E` });
    assert.equal(answer['replayed'], 1);
    const state = await until('BR-E posted', () => storeState(RUN_2), (s) => s.posted.length === 3, 90_000);
    assert.equal(state.failed.length, 0);
    const posted = await moves(RUN_2);
    assert.equal(posted.length, 3);
    const east = posted.find((m) => m.ref.endsWith('BR-E'));
    assert.ok(east);
    assert.deepEqual(await lineTotals(east.id), { debit: 24_155_715, credit: 24_155_715 });
    // The replayed entry re-reconciled both runs that read it (the first, and the repeated read): now they tie out.
    const runIds = [await packRunOf(RUN_2), (await store.get(`ukg:gl:${RUN_2}:BR-E`))?.runId ?? ''];
    assert.notEqual(runIds[0], runIds[1]);
    const tied = await until('both reads of run 2 tied out', () => store.listReconciliations(runIds), (rs) => rs.length === 2 && rs.every((r) => r.status === 'tied'), 90_000);
    assert.deepEqual(tied.map((r) => (r.result as ReconcileResult).records), [{ expected: 3, found: 3 }, { expected: 3, found: 3 }]);
    // Replaying again finds nothing failed and posts nothing.
    await press(nr, 'mlc-ex-gl-replay-inject');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await moves(RUN_2)).length, 3);
  });
});
