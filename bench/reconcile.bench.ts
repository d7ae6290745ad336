// Reconciliation cost: a run of 2,000 payroll journal entries (3 lines each) posted in the Odoo
// simulator, its control totals in a SQLite store, reconciled page by page. The read calls are
// counted in the simulator's request log (account.move.line search_read), per page of written records.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { tablesFromLookups } from '../lib/mapping/lookup-tables';
import { OdooClient } from '../lib/odoo/client';
import { compileControls, journalControls, odooReadBack, reconcileRun, type ControlSpec } from '../lib/reconcile';
import { openStore } from '../lib/store';
import { startSimulator } from '../sandbox/kit';
import { OdooSimulator } from '../sandbox/odoo';
import type { BenchLine, BenchSuite } from './types';

const ENTRIES = 2_000;
const PAGE_SIZE = 200;
const CREATE_BATCH = 200;
const RUN_ID = 'bench-reconcile';

const SPEC: ControlSpec = journalControls({ lines: 'lines', account: 'account', costCenter: 'costCenter' });

function sourceEntry(i: number): { key: string; lines: Array<{ account: string; debit: number; credit: number; costCenter: string | null }> } {
  const wages = 1000 + (i % 500) + (i % 100) / 100;
  const tax = Math.round(wages * 7.65) / 100;
  return {
    key: `bench:gl:${String(i).padStart(5, '0')}`,
    lines: [
      { account: '6100', debit: wages, credit: 0, costCenter: i % 2 ? 'CC-200' : 'CC-100' },
      { account: '6200', debit: tax, credit: 0, costCenter: null },
      { account: '2100', debit: 0, credit: Math.round((wages + tax) * 100) / 100, costCenter: null },
    ],
  };
}

export const reconcileBench: BenchSuite = {
  name: 'reconcile',
  async run(): Promise<BenchLine[]> {
    const sim = await startSimulator(new OdooSimulator(), { port: 0 });
    const client = new OdooClient({ configName: 'bench', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', transport: 'json2' });
    const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-reconcile-'));
    const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
    try {
      const idOf = async (model: string, code: string): Promise<number> => {
        const [id] = await client.search(model, [['code', '=', code]]);
        if (id === undefined) throw new Error(`reconcile bench: ${model} ${code} missing in the simulator's demo data`);
        return id;
      };
      const journal = await idOf('account.journal', 'PAY');
      const lookups = {
        accounts: { '6100': await idOf('account.account', '6100'), '6200': await idOf('account.account', '6200'), '2100': await idOf('account.account', '2100') },
        costCenters: { 'CC-100': await idOf('account.analytic.account', 'CC-100'), 'CC-200': await idOf('account.analytic.account', 'CC-200') },
      };
      const tables = tablesFromLookups(lookups, 'bench');
      const controls = compileControls(SPEC);
      const entries = Array.from({ length: ENTRIES }, (_, i) => sourceEntry(i));
      await store.recordControls(entries.map((e) => ({ runId: RUN_ID, key: e.key, spec: SPEC, figures: controls.figuresOf(e, e.key, tables) })));
      for (let at = 0; at < entries.length; at += CREATE_BATCH) {
        const batch = entries.slice(at, at + CREATE_BATCH);
        const ids = await client.create(
          'account.move',
          batch.map((e) => ({
            move_type: 'entry',
            journal_id: journal,
            date: '2026-11-15',
            ref: e.key,
            line_ids: e.lines.map((l) => [0, 0, {
              account_id: lookups.accounts[l.account as keyof typeof lookups.accounts],
              debit: l.debit,
              credit: l.credit,
              analytic_distribution: l.costCenter ? { [String(lookups.costCenters[l.costCenter as keyof typeof lookups.costCenters])]: 100 } : false,
            }]),
          })),
        );
        await client.call({ model: 'account.move', method: 'action_post', ids });
        await store.markPostedMany(batch.map((e, i) => ({ key: e.key, runId: RUN_ID, target: { system: 'odoo', entity: 'account.move', id: String(ids[i]) } })));
      }

      const since = sim.log.lastSeq;
      const started = performance.now();
      const result = await reconcileRun(store, RUN_ID, odooReadBack(client), { pageSize: PAGE_SIZE });
      const seconds = (performance.now() - started) / 1000;
      const calls = sim.log.count({ sinceSeq: since, tag: { model: 'account.move.line', method: 'search_read' } });
      const other = sim.log.count({ sinceSeq: since }) - calls;
      if (result.status !== 'tied') throw new Error(`reconcile bench: the run should tie out, got ${result.summary}`);
      const pages = Math.ceil(ENTRIES / PAGE_SIZE);
      return [
        { name: `reconcile: read calls per page of ${PAGE_SIZE} written entries`, value: calls / pages, unit: 'calls', target: 1, higherIsBetter: false, note: `${calls} search_read of account.move.line for ${pages} pages, ${other} other request(s); request log` },
        { name: `reconcile: ${ENTRIES.toLocaleString('en-US')} entries (${ENTRIES * 3} lines) tied out`, value: ENTRIES / seconds, unit: 'entries/s', note: `${seconds.toFixed(2)} s, ${result.summary.slice(0, 60)}` },
      ];
    } finally {
      client.close();
      await store.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
