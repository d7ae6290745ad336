// One instance at a time runs a given read: two Node-RED instances (two processes, each the test
// helper's Node-RED with the real mlc-store) share one store (a SQLite file, and a PostgreSQL schema
// when the server answers) and run the same flow, an
// incremental mlc-odoo-read against the Odoo simulator. While instance A's run waits for its records
// to be audited, a trigger on B reads nothing and B says A holds the read until when; once A's run
// ended and gave the lease up, B reads.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import { dropSchema, TEST_PG_URL, uniqueSchemaName, whenPostgresAvailable } from '../support/postgres';

type Event = Record<string, unknown> & { ev: string };

class Instance {
  readonly events: Event[] = [];
  private readonly waiters: Array<() => void> = [];
  private readonly child: ChildProcess;
  private stderr = '';

  constructor(
    readonly name: string,
    odooUrl: string,
    storeFields: Record<string, unknown>,
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'read-instance.ts'), odooUrl, JSON.stringify(storeFields)], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, MLC_INSTANCE_ID: name },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let buffered = '';
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        if (line.startsWith('{')) this.events.push(JSON.parse(line) as Event);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /** Waits (event-driven; the limit only guards against a hang) until some event matches. */
  async waitFor(what: string, match: (event: Event) => boolean, limitMs = 60_000): Promise<Event> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      const crashed = this.events.find((e) => e.ev === 'crashed');
      if (crashed || this.child.exitCode !== null) throw new Error(`${this.name} stopped: ${JSON.stringify(crashed)} ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`${this.name}: no ${what} within ${limitMs} ms; events: ${JSON.stringify(this.events.slice(-10))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 500).unref();
      });
    }
  }

  count(ev: string): number {
    return this.events.filter((e) => e.ev === ev).length;
  }

  trigger(): void {
    this.child.stdin?.write(`${JSON.stringify({ cmd: 'trigger' })}\n`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin?.end(`${JSON.stringify({ cmd: 'stop' })}\n`);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

const statusText = (e: Event): string => String((e['status'] as { text?: string } | undefined)?.text ?? '');

interface SharedStore {
  /** The mlc-store node's fields in both instances. */
  fields: Record<string, unknown>;
  /** The same store, opened by the test. */
  open(): Promise<Store>;
  cleanUp(): Promise<void>;
}

function leaseScenario(kind: string, shared: () => Promise<SharedStore>): void {
  describe(`read lease across two Node-RED instances sharing one ${kind} store`, () => {
    let sim: RunningSimulator;
    let setup: SharedStore;
    let store: Store;
    const instances: Instance[] = [];

    before(async () => {
      sim = await startSimulator(new OdooSimulator(), { port: 0 });
      setup = await shared();
      store = await setup.open();
    });
    after(async () => {
      await Promise.all(instances.map((i) => i.stop()));
      await store.close();
      await sim.close();
      await setup.cleanUp();
    });

    it('only the instance holding the lease reads; the other reports who holds it until when, emits nothing, and reads once the lease is given up', async () => {
      const a = new Instance('instance-A', sim.url, setup.fields);
      const b = new Instance('instance-B', sim.url, setup.fields);
      instances.push(a, b);
      await Promise.all([a.waitFor('ready', (e) => e.ev === 'ready'), b.waitFor('ready', (e) => e.ev === 'ready')]);

      // A reads page 1 and waits for its five records to be audited, holding the lease.
      a.trigger();
      await a.waitFor('five records', () => a.count('out') >= 5);
      const odooCallsBefore = sim.log.count({});

      b.trigger();
      const held = await b.waitFor('a held status', (e) => e.ev === 'status' && statusText(e).startsWith('held by'));
      assert.match(statusText(held), /^held by instance-A until \d{2}:\d{2}:\d{2}Z$/);
      assert.equal((held['status'] as { fill?: string }).fill, 'yellow', 'waiting, not an error');
      const log = await b.waitFor('a log line', (e) => e.ev === 'log' && /read lease/.test(String(e['text'])));
      assert.match(String(log['text']), /read lease "read:read" is held by instance instance-A until \d{4}-\d{2}-\d{2}T.*; this trigger did not read/);
      assert.equal(b.count('out'), 0, 'B sent no record');
      assert.equal(b.count('complete'), 0, 'B sent no end-of-run message');
      assert.equal(b.count('caught'), 0, 'nothing failed: no Catch');
      assert.equal(sim.log.count({}), odooCallsBefore, 'B made no call to Odoo');
      assert.equal((await store.listRuns()).length, 1, 'B recorded no run');

      // Audit A's records as they come: A finishes and gives the lease up.
      const posted = new Set<string>();
      const auditA = async (): Promise<void> => {
        const keys = a.events.filter((e) => e.ev === 'out').map((e) => String(e['key'])).filter((k) => !posted.has(k));
        for (const key of keys) posted.add(key);
        if (keys.length > 0) await store.markPostedMany(keys.map((key) => ({ key, target: { system: 'test', entity: 'partner', id: key } })));
      };
      for (;;) {
        await auditA();
        if (a.count('complete') > 0) break;
        await a.waitFor('more records or the end', (e) => (e.ev === 'out' && !posted.has(String(e['key']))) || e.ev === 'complete');
      }
      const endA = (await a.waitFor('the end of A', (e) => e.ev === 'complete'))['payload'] as { read: number; runId: string };
      assert.ok(endA.read >= 5);
      assert.equal(a.count('caught'), 0);
      assert.equal((await store.getRun(endA.runId))?.status, 'finished');

      // The lease is free again: B's next trigger reads (nothing new since A's cursor, but it reads).
      const callsBeforeB = sim.log.count({});
      b.trigger();
      const endB = (await b.waitFor('the end of B', (e) => e.ev === 'complete'))['payload'] as { read: number; runId: string };
      assert.equal(endB.read, 0, 'A moved the shared cursor past everything');
      assert.ok(sim.log.count({}) > callsBeforeB, 'B called Odoo');
      assert.equal((await store.getRun(endB.runId))?.status, 'finished');
      assert.notEqual(endA.runId.split(':').at(-1)?.split('.')[0], endB.runId.split(':').at(-1)?.split('.')[0], 'two process starts, two run id tags');
      assert.equal(b.count('caught'), 0);
    });
  });
}

leaseScenario('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-read-lease-'));
  const path = join(dir, 'store.sqlite');
  return {
    fields: { backend: 'sqlite', path },
    open: () => openStore({ kind: 'sqlite', path }),
    cleanUp: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

whenPostgresAvailable('read lease across two instances on PostgreSQL', () => {
  leaseScenario('PostgreSQL', async () => {
    const schema = uniqueSchemaName('mlc_read_lease');
    return {
      fields: { backend: 'postgres', connectionString: TEST_PG_URL, schema },
      open: () => openStore({ kind: 'postgres', connectionString: TEST_PG_URL, schema }),
      cleanUp: () => dropSchema(schema),
    };
  });
});
