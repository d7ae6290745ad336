// `npm start`'s own path (startStack: the sandbox, then Node-RED on a first start with every example)
// for the Looker example: the Looker sandbox's odoo_warehouse connection points at the port Node-RED
// serves the example's embedded warehouse on, and the sandbox's nightly plan delivers to the example's
// http-in node, so pressing "sync now" ends with the plan's rows in Node-RED. Free ports only.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { LOOKER_PLAN_PATH } from '../../scripts/example-warehouse';
import { startStack, type Stack } from '../../scripts/start';
import type { LookerSimulator, PlanRun } from '../../sandbox/looker';
import { SYSTEMS, type SystemName } from '../../sandbox/systems';
import { press, until } from '../support/e2e';

const EPHEMERAL = Object.fromEntries(SYSTEMS.map((system) => [system, 0])) as Record<SystemName, number>;

describe('npm start: the Looker example queries the warehouse Node-RED serves, and its plan delivers to Node-RED', () => {
  let stack: Stack;
  let userDir: string;
  const lines: string[] = [];

  before(async () => {
    userDir = mkdtempSync(join(tmpdir(), 'mlc-start-looker-'));
    stack = await startStack({ userDir, port: 0, sandboxPorts: EPHEMERAL, warehousePort: 0, stdio: 'pipe', log: (line) => lines.push(line), env: { NODE_RED_ENABLE_PROJECTS: 'false' } });
    await until('Node-RED to listen', () => fetch(stack.url).then(() => true, () => false), (up) => up || stack.nodeRed.exitCode !== null, 60_000);
    assert.equal(stack.nodeRed.exitCode, null, stack.output());
  });
  after(async () => {
    await stack?.stop();
    rmSync(userDir, { recursive: true, force: true });
  });

  it('loads the warehouse on "sync now" and the plan sends the totals of what was loaded', async () => {
    const served = /served by Node-RED on 127\.0\.0\.1:(\d+)/.exec(lines.join('\n'))?.[1];
    assert.ok(served, lines.join('\n'));
    const looker = stack.sandbox.get('looker');
    assert.ok(looker);
    assert.equal(new URL((looker.simulator as LookerSimulator).warehouse.url).port, served, 'odoo_warehouse is the served warehouse');

    await press(stack, 'mlc-ex-olk-run');
    const runs = async (): Promise<PlanRun[]> => ((await (await fetch(`${looker.url}/__sandbox/scheduled-plans/idle`, { method: 'POST' })).json()) as { runs: PlanRun[] }).runs;
    const [run] = await until('the plan to run', runs, (r) => r.length > 0, 120_000);
    const [delivery] = run?.deliveries ?? [];
    assert.equal(run?.status, 'success', JSON.stringify(run));
    assert.equal(delivery?.address, `${stack.url}${LOOKER_PLAN_PATH}`);
    assert.equal(delivery?.httpStatus, 200, "the example's http-in node answered");

    const db = new Client({ connectionString: `postgres://postgres@127.0.0.1:${served}/postgres` });
    await db.connect();
    try {
      const { rows } = await db.query<{ n: string }>('SELECT count(DISTINCT account_code) AS n FROM odoo.journal_lines');
      assert.ok(Number(rows[0]?.n) > 0);
      assert.equal(delivery?.rows, Number(rows[0]?.n), 'one row per account code the warehouse holds');
    } finally {
      await db.end();
    }
  });
});
