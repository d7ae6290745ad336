// The hooks a node test against one sandbox simulator repeats: the simulator on an ephemeral port and
// the Node-RED test helper's server for the whole suite; per test a reset simulator, a fresh temporary
// directory, and the flow unloaded afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach } from 'node:test';
import helper from 'node-red-node-test-helper';
import { startSimulator, type RunningSimulator, type Simulator } from '../../sandbox/kit';

export interface SimulatorSuite {
  /** The running simulator (after the suite's before hook). */
  readonly sim: RunningSimulator;
  /** This test's temporary directory (or the suite's, with `dirPerTest: false`). */
  readonly dir: string;
}

export interface SimulatorSuiteOptions {
  /** Prefix of the temporary directory's name. */
  tmpPrefix: string;
  /** A directory and a simulator reset per test (default), or one directory for the suite and no reset. */
  perTest?: boolean;
}

/** Registers the hooks in the calling describe(); read `sim` and `dir` inside tests and hooks. */
export function simulatorSuite(simulator: Simulator, options: SimulatorSuiteOptions): SimulatorSuite {
  const perTest = options.perTest ?? true;
  let sim: RunningSimulator | null = null;
  let dir: string | null = null;
  const suite: SimulatorSuite = {
    get sim(): RunningSimulator {
      if (!sim) throw new Error('simulatorSuite: the simulator is not started yet');
      return sim;
    },
    get dir(): string {
      if (!dir) throw new Error('simulatorSuite: no temporary directory yet');
      return dir;
    },
  };
  const makeDir = (): string => mkdtempSync(join(tmpdir(), `${options.tmpPrefix}-`));
  before(async () => {
    sim = await startSimulator(simulator, { port: 0 });
    if (!perTest) dir = makeDir();
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await sim?.close();
    if (!perTest && dir) rmSync(dir, { recursive: true, force: true });
  });
  if (perTest) {
    beforeEach(() => {
      sim?.reset();
      dir = makeDir();
    });
    afterEach(async () => {
      await helper.unload();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });
  } else {
    afterEach(() => helper.unload());
  }
  return suite;
}
