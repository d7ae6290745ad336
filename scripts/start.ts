// `npm start`: the sandbox simulators and Node-RED 5 with this pack, side by side, so a newcomer sees
// data move with no accounts anywhere. Node-RED runs as a child process (its own CLI, its own
// settings), the simulators in this process; Ctrl+C stops both. The sandbox keeps its data in the
// user directory (mlc-sandbox/), beside the store; `npm start -- --reset` starts both over together.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SystemName } from '../sandbox/systems';
import { startSandbox, type Sandbox } from '../sandbox/start-sandbox';
import { exampleFlowsForFirstStart, splitCredentials } from './example-flows';
import { connectExampleWarehouse, deliverLookerPlanTo, exampleWarehousePort, freePort } from './example-warehouse';
import { prepareUserDir } from './node-red-userdir';
import { checkSandboxAndStore, resetSandboxAndStore, sandboxDataDir } from './sandbox-data';

/** The package root: two up from dist/scripts/start.js, one up from scripts/start.ts (tests run the source). */
export const PROJECT_ROOT = [resolve(__dirname, '..', '..'), resolve(__dirname, '..')].find((dir) => existsSync(join(dir, 'examples')) && existsSync(join(dir, 'package.json'))) ?? resolve(__dirname, '..', '..');

export interface StackOptions {
  userDir: string;
  /** Node-RED's port; 0 picks a free one. */
  port: number;
  /** Start the sandbox's data and the store over first (`--reset`). */
  reset?: boolean;
  /** Per-system sandbox ports (0 = any free port); default the MLC_SANDBOX_<SYSTEM>_PORT variables, else the fixed ports. */
  sandboxPorts?: Partial<Record<SystemName, number>>;
  /** Where Node-RED serves the example's embedded warehouse for the Looker sandbox (0 = a free port); default MLC_EXAMPLE_WAREHOUSE_PORT, else 8110. */
  warehousePort?: number;
  projectRoot?: string;
  /** Which Node-RED to run: 'node-red' (5, the default) or 'node-red-4'. */
  nodeRedPackage?: string;
  /** 'inherit' for `npm start`; tests pipe and read `output()`. */
  stdio?: 'inherit' | 'pipe';
  /** Extra environment for Node-RED. */
  env?: NodeJS.ProcessEnv;
  /** Where the start says what it does. Default console.log. */
  log?: (line: string) => void;
}

export interface Stack {
  sandbox: Sandbox;
  nodeRed: ChildProcess;
  /** `http://127.0.0.1:<port>` of the editor. */
  url: string;
  port: number;
  userDir: string;
  /** Everything Node-RED printed (stdio 'pipe' only). */
  output(): string;
  /** Resolves with Node-RED's exit code once it exited and the sandbox has saved and closed. */
  readonly exited: Promise<number | null>;
  /** SIGTERM to Node-RED (SIGKILL after 10 s), then the sandbox saves and closes. */
  stop(): Promise<void>;
}

export class StartRefused extends Error {
  override name = 'StartRefused';
}

/**
 * What `npm start` runs: checks (or resets) the sandbox data and the store together, starts the
 * sandbox on its data directory, prepares the user directory and spawns Node-RED on it.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const userDir = resolve(options.userDir);

  if (options.reset) {
    const { removed, warnings } = resetSandboxAndStore(userDir);
    log(removed.length > 0 ? `Reset: the sandbox and the store start over (removed ${removed.join(', ')})` : 'Reset: nothing to remove, the sandbox and the store start empty');
    for (const warning of warnings) log(`Warning: ${warning}`);
  } else {
    const check = checkSandboxAndStore(userDir);
    if (!check.ok) throw new StartRefused(check.message);
    for (const warning of check.warnings) log(warning);
  }

  const sandbox = await startSandbox({
    ...(options.sandboxPorts ? { ports: options.sandboxPorts } : {}),
    dataDir: sandboxDataDir(userDir),
    onError: (error, request) => console.error(`sandbox: ${request.method} ${request.path} failed:`, error),
  });
  try {
    const restored = sandbox.systems.some((entry) => entry.running?.restored);
    log(`Sandbox (data in ${sandboxDataDir(userDir)}${restored ? ', kept from the last start' : ', fresh from the seed'}):`);
    for (const line of sandbox.lines()) log(`  ${line}`);

    const port = options.port === 0 ? await freePort() : options.port;
    const warehousePort = await exampleWarehousePort(process.env, options.warehousePort);
    const warehouseEnv = connectExampleWarehouse(sandbox, warehousePort, process.env);
    deliverLookerPlanTo(sandbox, port);
    log(`Warehouse of the Looker example: embedded, served by Node-RED on 127.0.0.1:${warehousePort} (the Looker sandbox queries it)`);
    const firstStart = !existsSync(join(userDir, 'flows.json'));
    const examples = firstStart ? splitCredentials(exampleFlowsForFirstStart(join(projectRoot, 'examples'))) : undefined;
    const { settingsFile } = prepareUserDir({ userDir, projectRoot, port, initialFlows: examples?.flows, initialCredentials: examples?.credentials });
    const redJs = join(dirname(require.resolve(`${options.nodeRedPackage ?? 'node-red'}/package.json`)), 'red.js');
    log(`Node-RED: http://127.0.0.1:${port} (user directory ${userDir}${firstStart ? ', example flows loaded' : ''})`);
    // The example config nodes read the sandbox's URLs and demo credentials from these variables.
    const env = { ...process.env, ...options.env, ...sandbox.environment(), ...warehouseEnv, MLC_PORT: String(port) };
    const stdio = options.stdio ?? 'inherit';
    // node:sqlite (the store) is stable in use but still flagged experimental by Node 22: its warning
    // would greet every start, so it is turned off for Node-RED's process only.
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', redJs, '--userDir', userDir, '--settings', settingsFile, '--port', String(port)], {
      stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env,
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) => {
      child.once('exit', (code) => {
        void sandbox.close().then(() => resolveExit(code));
      });
    });
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      } else await exited;
    };
    return { sandbox, nodeRed: child, url: `http://127.0.0.1:${port}`, port, userDir, output: () => out, exited, stop };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

/** `npm start [-- --reset]` */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--reset');
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.join(' ')}. Usage: npm start [-- --reset]`);
    process.exit(2);
  }
  const stack = await startStack({
    userDir: resolve(PROJECT_ROOT, process.env['MLC_USER_DIR'] ?? '.node-red'),
    port: Number(process.env['MLC_PORT'] ?? 1880),
    reset: args.includes('--reset'),
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    stack.nodeRed.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const code = await stack.exited;
  process.exit(stopping ? 0 : (code ?? 1));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
