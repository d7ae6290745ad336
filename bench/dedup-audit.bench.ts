// dedup + audit throughput through the real Node-RED nodes (test helper runtime), on SQLite and on
// PostgreSQL: a burst of records goes dedup → (a stand-in write that sets the target) → audit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import helper from 'node-red-node-test-helper';
import { Client } from 'pg';
import storeNode = require('../nodes/core/store-config');
import dedupNode = require('../nodes/core/dedup');
import auditNode = require('../nodes/core/audit');
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import type { BenchLine, BenchSuite } from './types';

const RECORDS = 10_000;
const PG_URL = process.env['MLC_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

function flow(store: Record<string, unknown>): Array<Record<string, unknown>> {
  return [
    { id: 'tab', type: 'tab' },
    { id: 'store', ...store, type: 'mlc-store' },
    { id: 'dedup', z: 'tab', type: 'mlc-dedup', store: 'store', wires: [['write'], []] },
    { id: 'write', z: 'tab', type: 'mlc-bench-write', wires: [['audit']] },
    { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', wires: [['sink']] },
    { id: 'sink', z: 'tab', type: 'helper' },
  ];
}

/** Stands in for a write node: sets the target id, as a real write would after posting. */
function benchWriteNode(RED: NodeAPI): void {
  RED.nodes.registerType('mlc-bench-write', function (this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    this.on('input', (msg: NodeMessage & { mlc?: Record<string, unknown>; payload?: unknown }, send, done) => {
      const record = msg.payload as { i: number };
      msg.mlc = { ...msg.mlc, target: { system: 'bench', entity: 'record', id: String(record.i) } };
      send(msg);
      done();
    });
  });
}

async function runThrough(store: Record<string, unknown>): Promise<number> {
  await helper.load([storeNode, dedupNode, auditNode, benchWriteNode], flow(store));
  try {
    const sink = helper.getNode('sink');
    const dedup = helper.getNode('dedup');
    if (!sink || !dedup) throw new Error('dedup+audit bench: the flow did not start (a node type failed to register)');
    let seen = 0;
    const finished = new Promise<void>((resolve) => sink.on('input', () => ++seen === RECORDS && resolve()));
    const started = process.hrtime.bigint();
    for (let i = 0; i < RECORDS; i++) dedup.receive({ payload: { i }, mlc: { key: `bench:${i}`, runId: 'bench' } });
    await finished;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return RECORDS / seconds;
  } finally {
    await helper.unload();
  }
}

async function postgresReachable(): Promise<boolean> {
  const client = new Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export const dedupAuditBench: BenchSuite = {
  name: 'dedup+audit',
  async run(): Promise<BenchLine[]> {
    helper.init(require.resolve('node-red'));
    await helper.startServer();
    const lines: BenchLine[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-'));
    try {
      const sqlite = await runThrough({ backend: 'sqlite', path: join(dir, 'bench.sqlite') });
      lines.push({ name: `dedup+audit nodes, SQLite, ${RECORDS} records`, value: sqlite, unit: 'rec/s', target: 5000, higherIsBetter: true });
      if (await postgresReachable()) {
        const schema = `mlc_bench_${process.pid}`;
        try {
          const pg = await runThrough({ backend: 'postgres', connectionString: PG_URL, schema });
          lines.push({ name: `dedup+audit nodes, PostgreSQL, ${RECORDS} records`, value: pg, unit: 'rec/s', higherIsBetter: true });
        } finally {
          const client = new Client({ connectionString: PG_URL });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await client.end();
        }
      } else {
        lines.push({ name: 'dedup+audit nodes, PostgreSQL', value: 0, unit: 'rec/s', note: `skipped: no server at ${PG_URL}` });
      }
    } finally {
      await helper.stopServer();
      rmSync(dir, { recursive: true, force: true });
    }
    return lines;
  },
};
