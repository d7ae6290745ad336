// Reconciling runs against the Odoo simulator over its socket, with a real SQLite store: control
// totals from the source records, entries posted in Odoo, read back one search_read per page of
// written records (counted in the simulator's request log); a line changed behind the pack's back,
// and a record that never reached Odoo, make the run off and say where.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tablesFromLookups, type LookupTables } from '../../lib/mapping/lookup-tables';
import { OdooClient } from '../../lib/odoo';
import { compileControls, journalControls, odooReadBack, reconcileRun, type ControlSpec } from '../../lib/reconcile';
import { openStore, type Store } from '../../lib/store';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';

const SPEC: ControlSpec = journalControls({ lines: 'lines', account: 'account', costCenter: 'costCenter' });

interface SourceEntry {
  key: string;
  lines: Array<{ account: string; debit: number; credit: number; costCenter: string | null }>;
}

function sourceEntry(key: string, cents: number): SourceEntry {
  const amount = cents / 100;
  return {
    key,
    lines: [
      { account: '6100', debit: amount, credit: 0, costCenter: 'CC-200' },
      { account: '2100', debit: 0, credit: amount, costCenter: null },
    ],
  };
}

describe('reconciling runs against the Odoo simulator', () => {
  let sim: RunningSimulator;
  let client: OdooClient;
  let store: Store;
  let tables: LookupTables;
  let journal: number;
  const dir = mkdtempSync(join(tmpdir(), 'mlc-reconcile-'));

  before(async () => {
    sim = await startSimulator(new OdooSimulator(), { port: 0 });
    client = new OdooClient({ configName: 'reconcile', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', transport: 'json2' });
    store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
    const code = async (model: string, value: string) => (await client.search(model, [['code', '=', value]]))[0] as number;
    journal = await code('account.journal', 'PAY');
    tables = tablesFromLookups(
      { accounts: { '6100': await code('account.account', '6100'), '2100': await code('account.account', '2100') }, costCenters: { 'CC-200': await code('account.analytic.account', 'CC-200') } },
      'test',
    );
  });
  after(async () => {
    client.close();
    await store.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** As map, write and audit do it: the source counted, the entry posted in Odoo, the key posted with its target. */
  async function postRun(runId: string, entries: SourceEntry[], options: { skip?: string } = {}): Promise<Map<string, number>> {
    const controls = compileControls(SPEC);
    await store.recordControls(entries.map((e) => ({ runId, key: e.key, spec: SPEC, figures: controls.figuresOf(e, e.key, tables) })));
    const ids = new Map<string, number>();
    for (const entry of entries) {
      if (entry.key === options.skip) {
        await store.markFailed({ key: entry.key, runId, error: { message: 'not posted' } });
        continue;
      }
      const lineIds = entry.lines.map((l) => {
        const distribution = l.costCenter ? { [String(tables.get('costCenters')?.get(l.costCenter))]: 100 } : false;
        return [0, 0, { account_id: tables.get('accounts')?.get(l.account), name: l.account, debit: l.debit, credit: l.credit, analytic_distribution: distribution }];
      });
      const [id] = await client.create('account.move', [{ move_type: 'entry', journal_id: journal, date: '2026-11-15', ref: entry.key, line_ids: lineIds }]);
      await client.call({ model: 'account.move', method: 'action_post', ids: [id as number] });
      ids.set(entry.key, id as number);
      await store.markPosted({ key: entry.key, runId, target: { system: 'odoo', entity: 'account.move', id: String(id) } });
    }
    return ids;
  }

  const readCalls = (since: number) => sim.log.count({ sinceSeq: since, tag: { model: 'account.move.line', method: 'search_read' } });

  it('ties a run out to the cent, with one read call per page of written records', async () => {
    const entries = [sourceEntry('r1:a', 123_456), sourceEntry('r1:b', 1), sourceEntry('r1:c', 99_999_99), sourceEntry('r1:d', 10), sourceEntry('r1:e', 33_33)];
    await postRun('run-1', entries);
    const since = sim.log.lastSeq;
    const result = await reconcileRun(store, 'run-1', odooReadBack(client), { pageSize: 2 });
    assert.equal(result.status, 'tied', result.summary);
    assert.deepEqual(result.records, { expected: 5, found: 5 });
    assert.deepEqual(result.totals, [
      { measure: 'credit', expected: 10_126_799, found: 10_126_799 },
      { measure: 'debit', expected: 10_126_799, found: 10_126_799 },
    ]);
    assert.equal(result.pages, 3);
    assert.equal(result.readCalls, 3);
    assert.equal(readCalls(since), 3, 'the request log agrees');
    assert.match(result.summary, /^tied out: 5 record\(s\), credit 101,267.99, debit 101,267.99$/);
  });

  it('names the entry, the account, the cost center and the difference when a line is changed in Odoo', async () => {
    const ids = await postRun('run-2', [sourceEntry('r2:a', 50_000), sourceEntry('r2:b', 70_000)]);
    const moveId = ids.get('r2:b') as number;
    const lines = await client.searchRead('account.move.line', { domain: [['move_id', '=', moveId]], fields: ['debit', 'credit'], raw: true });
    const debitLine = lines.find((l) => (l['debit'] as number) > 0);
    const creditLine = lines.find((l) => (l['credit'] as number) > 0);
    // Behind the pack's back: both sides raised by 12.34, so the entry still balances and Odoo takes it.
    await client.call({ model: 'account.move', method: 'button_draft', ids: [moveId] });
    await client.write('account.move', [moveId], {
      line_ids: [
        [1, debitLine?.['id'], { debit: 712.34 }],
        [1, creditLine?.['id'], { credit: 712.34 }],
      ],
    });
    await client.call({ model: 'account.move', method: 'action_post', ids: [moveId] });

    const result = await reconcileRun(store, 'run-2', odooReadBack(client));
    assert.equal(result.status, 'off');
    const find = (dimension: string, measure: string) => result.differences.filter((d) => d.dimension === dimension && d.measure === measure);
    assert.deepEqual(find('record', 'debit').map((d) => [d.value, d.off]), [['r2:b', 1234]]);
    const wages = tables.get('accounts')?.get('6100');
    assert.deepEqual(find('account', 'debit').map((d) => [d.value, d.label, d.off]), [[String(wages), '6100', 1234]]);
    assert.deepEqual(find('cost center', 'debit').map((d) => [d.label, d.off]), [['CC-200', 1234]]);
    assert.match(result.summary, /record r2:b: debit off by \+12.34 \(expected 700.00, found 712.34\)/);
    assert.match(result.summary, /account 6100 \(\d+\): debit off by \+12.34/);
    assert.equal(find('record', 'count').length, 0, 'both entries are there');
  });

  it('counts a record that never reached Odoo as missing, with its amounts', async () => {
    await postRun('run-3', [sourceEntry('r3:a', 100), sourceEntry('r3:b', 250)], { skip: 'r3:b' });
    const result = await reconcileRun(store, 'run-3', odooReadBack(client));
    assert.equal(result.status, 'off');
    assert.deepEqual(result.records, { expected: 2, found: 1 });
    const missing = result.differences.filter((d) => d.dimension === 'record' && d.value === 'r3:b').map((d) => [d.measure, d.off]);
    assert.deepEqual(missing.sort(), [['count', -1], ['credit', -250], ['debit', -250]]);
    assert.match(result.summary, /record r3:b: 1 record\(s\) missing in the target/);
  });

  it('reconciles employees by count and key, reading the records themselves (they have no lines)', async () => {
    const countOnly = compileControls({ amounts: [], dimensions: [] });
    const people = ['emp:E1', 'emp:E2', 'emp:E3'];
    await store.recordControls(people.map((key) => ({ runId: 'run-emp', key, spec: countOnly.spec, figures: countOnly.figuresOf({ name: key }, key, tables) })));
    const ids = await client.create('hr.employee', people.map((key) => ({ name: key })));
    await store.markPostedMany(people.map((key, i) => ({ key, runId: 'run-emp', target: { system: 'odoo', entity: 'hr.employee', id: String(ids[i]) } })));
    const since = sim.log.lastSeq;
    const tied = await reconcileRun(store, 'run-emp', odooReadBack(client));
    assert.equal(tied.status, 'tied', tied.summary);
    assert.equal(sim.log.count({ sinceSeq: since, tag: { model: 'hr.employee', method: 'search_read' } }), 1);

    // Archived in Odoo by hand: the run no longer finds E2 among its active employees.
    await client.write('hr.employee', [ids[1] as number], { active: false });
    const off = await reconcileRun(store, 'run-emp', odooReadBack(client));
    assert.equal(off.status, 'off');
    assert.deepEqual(off.records, { expected: 3, found: 2 });
    assert.match(off.summary, /record emp:E2: 1 record\(s\) missing in the target/);
  });

  it('refuses a run without control totals', async () => {
    await assert.rejects(reconcileRun(store, 'no-such-run', odooReadBack(client)), /has no control totals/);
  });
});
