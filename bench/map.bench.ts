// Mapping throughput: a payroll-GL-like spec of 10 rules without JSONata (the synchronous path that
// batches rely on), and the same kind of spec with 2 JSONata rules (asynchronous, reported only).
import { compileMapping, mapRecords, type LookupTables, type MappingSpecInput } from '../lib/mapping';
import type { BenchLine, BenchSuite } from './types';

const SYNC_RECORDS = 200_000;
const JSONATA_RECORDS = 20_000;
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
async function throughput(rules: MappingSpecInput['rules'], count: number): Promise<{ perSecond: number; rejected: number }> {
  const mapping = compileMapping({ rules });
  const mapper = mapping.prepare(tables());
  const input = records(count);
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
    ];
  },
};
