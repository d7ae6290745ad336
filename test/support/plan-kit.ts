// What the plan-only write node tests share: a plan run's records, msg.plan by key, and the store's
// side of a plan: kept as the write node sent it, nothing marked posted or failed, then posted as it
// stands through the API Node-RED gave the nodes (as the plans sidebar's route does).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach } from 'node:test';
import type { NodeAPI } from 'node-red';
import helper from 'node-red-node-test-helper';
import type { PlanMessage } from '../../lib/plan/plan';
import { openStore, type Store } from '../../lib/store';
import { startSimulator, type RunningSimulator, type Simulator } from '../../sandbox/kit';
import auditNode = require('../../nodes/core/audit');
import { postPlan, type PlanPostResult } from '../../nodes/core/plan-post';
import storeNode = require('../../nodes/core/store-config');
import { positioned } from './flow-helper';

type Msg = Record<string, unknown>;

export const PLAN_RUN = 'plan-run';

export const planOf = (msg: Msg | undefined): PlanMessage => msg?.['plan'] as PlanMessage;
export const keyOf = (msg: Msg): string => (msg['mlc'] as { key: string }).key;
export const plansByKey = (out: Msg[]): Map<string, PlanMessage> => new Map(out.map((m) => [keyOf(m), planOf(m)]));

/** A record of the plan run, with the other parts of msg the write reads (e.g. operation). */
export const planRecord = (key: string, payload: Msg, extra: Msg = {}): Msg => ({ payload, ...extra, mlc: { key, runId: PLAN_RUN } });

export interface PlanKit {
  /** The write node's module to load: it keeps the API Node-RED gives it. */
  module: (RED: NodeAPI) => void;
  /**
   * Loads the write node (id "write", settings `write`) on its config node (`config`, id as the
   * write's settings name it) into mlc-audit on a SQLite store at `storePath`, audited into helper
   * node "audited".
   */
  load(configModule: unknown, config: Msg, write: Msg, storePath: string, credentials: Record<string, Msg>): Promise<void>;
  /**
   * Checks the store holds exactly `planned` as the run's plan and nothing under `keyPrefix` as
   * posted or failed, posts the plan, and hands the open store and the result to `then`.
   */
  keptThenPosted(storePath: string, planned: ReadonlyMap<string, PlanMessage>, keyPrefix: string, then: (store: Store, result: PlanPostResult) => Promise<void>): Promise<void>;
}

export function planKit(writeModule: unknown): PlanKit {
  let red: NodeAPI | undefined;
  return {
    module: (RED) => {
      red = RED;
      (writeModule as (api: NodeAPI) => void)(RED);
    },
    load(configModule, config, write, storePath, credentials) {
      return helper.load(
        [configModule, this.module, storeNode, auditNode] as unknown as Parameters<typeof helper.load>[0],
        positioned([
          { id: 'tab', type: 'tab', label: 'plan' },
          config,
          { id: 'store', type: 'mlc-store', backend: 'sqlite', path: storePath },
          { ...write, id: 'write', z: 'tab', wires: [['audit'], ['audit']] },
          { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
          { id: 'audited', z: 'tab', type: 'helper' },
        ]),
        credentials,
      );
    },
    async keptThenPosted(storePath, planned, keyPrefix, then) {
      const store = await openStore({ kind: 'sqlite', path: storePath });
      try {
        const entries = await store.listPlanEntries(PLAN_RUN);
        assert.deepEqual(new Map(entries.map((e) => [e.key, e.action])), new Map([...planned].map(([key, plan]) => [key, plan.action])));
        assert.equal(await store.count({ keyPrefix }), 0, 'nothing marked posted or failed');
        assert.ok(red, 'the write node was loaded');
        await then(store, await postPlan(red, store, PLAN_RUN));
      } finally {
        await store.close();
      }
    },
  };
}

/**
 * The simulator and Node-RED, started before the suite's tests and stopped after them; before each
 * test the simulator's state starts over and the store gets a folder of its own (`storePath`).
 */
export function planSuite(simulator: Simulator): { sim: RunningSimulator; storePath: string } {
  const parts = {} as { sim: RunningSimulator; storePath: string };
  let dir = '';
  before(async () => {
    parts.sim = await startSimulator(simulator, { port: 0 });
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await parts.sim.close();
  });
  beforeEach(() => {
    parts.sim.reset();
    dir = mkdtempSync(join(tmpdir(), `mlc-${simulator.name}-plan-`));
    parts.storePath = join(dir, 'store.sqlite');
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });
  return parts;
}
