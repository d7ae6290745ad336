// Mapping throughput: a payroll-GL-like spec of 10 rules without JSONata (the synchronous path that
// batches rely on), the same kind of spec with 2 JSONata rules (asynchronous, reported only), and
// journal entries of 24 lines through an each rule (reported only, in entries/s).
import { compileMapping, mapRecords, type LookupTables, type MappingSpecInput } from '../lib/mapping';
import type { BenchLine, BenchSuite } from './types';

const SYNC_RECORDS = 200_000;
const JSONATA_RECORDS = 20_000;
const ENTRIES = 10_000;
const LINES_PER_ENTRY = 24;
const RUNS = 3;

const TEN_RULES: MappingSpecInput['rules'] = [
  { op: 'copy', target: 'partner.name', from: 'employee.name', type: 'string' },
  { op: 'copy', target: 'partner.ref', from: 'employee.id', type: 'string' },
  { op: 'rename', target: 'ref', from: 'lineId', type: 'string' },
  { op: 'constant', target: 'journal', value: 'PAYROLL', type: 'string' },
  { op: 'lookup', target: 'line.analytic_account_id', from: 'costCenter', table: 'costCenters', type: 'integer' },
  { op: 'lookup', target: 'line.account_id', from: 'glCode', table: 'accounts', caseInsensitive: true, type: 'integer' },
  { op: 'number', target: 'line.debit', from: 'amount', thousands: ',', round: 2, type: 'number' },
  { op: 'number', target: 'line.hours', from: 'hours', decimal: ',', type: 'number', required: false },
  { op: 'date', target: 'date', from: 'payDate', inputFormat: 'MM/DD/YYYY', type: 'date' },
  { op: 'date', target: 'postedAt', from: 'postedMs', inputFormat: 'epoch-ms', outputFormat: 'ISO', type: 'date' },
];

const WITH_JSONATA: MappingSpecInput['rules'] = [
  ...TEN_RULES.slice(0, 8),
  { op: 'jsonata', target: 'line.name', expression: 'employee.name & " / " & costCenter', type: 'string' },
  { op: 'jsonata', target: 'line.analytic_tag', expression: '$lookup("costCenters", costCenter) > 100 ? "large" : "small"', type: 'string' },
];

/** A GL entry → account.move: 3 entry rules and an each rule of 6 line rules, no JSONata. */
const ENTRY_RULES: MappingSpecInput['rules'] = [
  { op: 'copy', target: 'ref', from: 'runId', type: 'string' },
  { op: 'date', target: 'date', from: 'payDate', inputFormat: 'MM/DD/YYYY', type: 'date' },
  { op: 'constant', target: 'journal_id', value: 7, type: 'integer' },
  {
    op: 'each',
    target: 'line_ids',
    from: 'lines',
    wrap: 'x2many-create',
    elementLabel: '{generalLedgerAccount}',
    rules: [
      { op: 'lookup', target: 'account_id', from: 'glCode', table: 'accounts', caseInsensitive: true, type: 'integer' },
      { op: 'copy', target: 'name', from: 'description', type: 'string', required: false },
      { op: 'number', target: 'debit', from: 'debit', thousands: ',', round: 2, default: 0, type: 'number' },
      { op: 'number', target: 'credit', from: 'credit', thousands: ',', round: 2, default: 0, type: 'number' },
      { op: 'lookup', target: 'analytic_distribution', from: 'costCenter', table: 'costCenters', as: 'distribution', required: false, type: 'object' },
      { op: 'date', target: 'date_maturity', from: '$parent.payDate', inputFormat: 'MM/DD/YYYY', type: 'date' },
    ],
  },
];

function entries(count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    runId: `R${i}`,
    payDate: `${(i % 12) + 1}/${(i % 28) + 1}/2026`,
    lines: Array.from({ length: LINES_PER_ENTRY }, (_, j) => {
      const n = i * LINES_PER_ENTRY + j;
      // Every fourth line is a credit without a cost center, as payroll liabilities are.
      const credit = j % 4 === 3;
      return {
        glCode: `GL-${6000 + (n % 200)}`,
        generalLedgerAccount: `${6000 + (n % 200)}-CC-${n % 500}`,
        description: credit ? 'Net pay' : 'Salaries',
        debit: credit ? null : `${(n % 90) + 1},${String(n % 1000).padStart(3, '0')}.${String(n % 100).padStart(2, '0')}`,
        credit: credit ? `${(n % 50) + 1}.25` : null,
        costCenter: credit ? null : `CC-${n % 500}`,
      };
    }),
  }));
}

function tables(): LookupTables {
  const costCenters = new Map<string, unknown>();
  for (let i = 0; i < 500; i++) costCenters.set(`CC-${i}`, 1000 + i);
  const accounts = new Map<string, unknown>();
  for (let i = 0; i < 200; i++) accounts.set(`gl-${6000 + i}`, 60_000 + i);
  return new Map([
    ['costCenters', costCenters],
    ['accounts', accounts],
  ]);
}

function records(count: number): Array<Record<string, unknown>> {
  const base = Date.UTC(2026, 10, 15);
  return Array.from({ length: count }, (_, i) => ({
    lineId: `L${i}`,
    employee: { id: `E${i % 5000}`, name: `Employee ${i % 5000}` },
    costCenter: `CC-${i % 500}`,
    glCode: `GL-${6000 + (i % 200)}`,
    amount: `${(i % 90) + 1},${String(i % 1000).padStart(3, '0')}.${String(i % 100).padStart(2, '0')}`,
    hours: `${i % 40},5`,
    payDate: `${(i % 12) + 1}/${(i % 28) + 1}/2026`,
    postedMs: base + i * 1000,
  }));
}

/** Records per second, the median of a few runs after a warm-up (JIT), over one prepared mapper. */
async function throughput(
  rules: MappingSpecInput['rules'],
  count: number,
  make: (count: number) => Array<Record<string, unknown>> = records,
): Promise<{ perSecond: number; rejected: number }> {
  const mapping = compileMapping({ rules });
  const mapper = mapping.prepare(tables());
  const input = make(count);
  await mapRecords(mapper, input.slice(0, Math.min(count, 5000)), { isAsync: mapping.isAsync });
  const rates: number[] = [];
  let rejected = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const results = await mapRecords(mapper, input, { isAsync: mapping.isAsync });
    rates.push(count / ((performance.now() - started) / 1000));
    rejected = results.filter((r) => !r.ok).length;
  }
  rates.sort((a, b) => a - b);
  return { perSecond: rates[Math.floor(rates.length / 2)] as number, rejected };
}

export const mapBench: BenchSuite = {
  name: 'map',
  async run(): Promise<BenchLine[]> {
    const plain = await throughput(TEN_RULES, SYNC_RECORDS);
    const jsonata = await throughput(WITH_JSONATA, JSONATA_RECORDS);
    const each = await throughput(ENTRY_RULES, ENTRIES, entries);
    return [
      {
        name: `map: ${SYNC_RECORDS.toLocaleString('en-US')} records, 10 rules, no JSONata`,
        value: plain.perSecond,
        unit: 'records/s',
        target: 50_000,
        higherIsBetter: true,
        note: `median of ${RUNS}; ${plain.rejected} rejected`,
      },
      {
        name: `map: ${JSONATA_RECORDS.toLocaleString('en-US')} records, 10 rules incl. 2 JSONata`,
        value: jsonata.perSecond,
        unit: 'records/s',
        higherIsBetter: true,
        note: `median of ${RUNS}; ${jsonata.rejected} rejected`,
      },
      {
        name: `map: ${ENTRIES.toLocaleString('en-US')} GL entries of ${LINES_PER_ENTRY} lines each (each rule, 6 line rules), no JSONata`,
        value: each.perSecond,
        unit: 'entries/s',
        higherIsBetter: true,
        note: `median of ${RUNS}; ${(each.perSecond * LINES_PER_ENTRY).toFixed(0)} lines/s; ${each.rejected} rejected`,
      },
    ];
  },
};
