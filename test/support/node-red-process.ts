// Starts a real Node-RED (5 or 4.1) as a child process with this pack installed in a temporary user
// directory, so tests see what a user's Node-RED sees: the real loader, icons, help and examples.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { prepareUserDir } from '../../scripts/node-red-userdir';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');

export interface RunningNodeRed {
  url: string;
  userDir: string;
  output: () => string;
  stop: () => Promise<void>;
  /** SIGKILL (kill -9): no close handlers run, as in a crash. A user directory the caller gave is kept. */
  kill: () => Promise<void>;
  readonly pid: number | undefined;
  /** False once the process has exited (killed, crashed or stopped). */
  alive: () => boolean;
  /**
   * Resolves once Node-RED says its flows have started (at most `timeoutMs`): start resolves as soon as
   * the server listens, which can be before a node's HTTP route exists.
   */
  flowsStarted: (timeoutMs?: number) => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface NodeRedStartOptions {
  /** flows_cred.json content, by node id (as a first `npm start` writes it). */
  credentials?: Record<string, Record<string, string>>;
  /** Extra environment for the Node-RED process (e.g. the sandbox's MLC_SANDBOX_* variables). */
  env?: Record<string, string>;
  /**
   * Start on this user directory (made if missing) instead of a fresh temporary one: a restart after
   * a kill finds its flows, credentials and store file again. The caller owns it: stop() keeps it.
   */
  userDir?: string;
  /** Extra settings.js values (JSON only), e.g. adminAuth for permission tests. */
  settings?: Record<string, unknown>;
  /** Where each start attempt gets its port (freePort unless a test of the retry says otherwise). */
  pickPort?: () => Promise<number>;
}

export async function startNodeRed(nodeRedPackage: 'node-red' | 'node-red-4', flows: unknown[] = [], options: NodeRedStartOptions = {}): Promise<RunningNodeRed> {
  // freePort() releases the port it found before Node-RED binds it, so on a busy machine another process can
  // take it in between: Node-RED then exits with "port in use", and we start again on another port.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(nodeRedPackage, flows, options);
    } catch (err) {
      if (!(err instanceof PortTakenError) || attempt >= 5) throw err;
    }
  }
}

class PortTakenError extends Error {}

async function startOnce(nodeRedPackage: 'node-red' | 'node-red-4', flows: unknown[], options: NodeRedStartOptions): Promise<RunningNodeRed> {
  const ownUserDir = options.userDir === undefined;
  const userDir = options.userDir ?? mkdtempSync(join(tmpdir(), 'mlc-nr-'));
  const port = await (options.pickPort ?? freePort)();
  const { settingsFile } = prepareUserDir({
    userDir,
    projectRoot: PROJECT_ROOT,
    port,
    initialFlows: flows,
    ...(options.credentials ? { initialCredentials: options.credentials } : {}),
    ...(options.settings ? { extraSettings: options.settings } : {}),
  });
  const redJs = join(dirname(require.resolve(`${nodeRedPackage}/package.json`)), 'red.js');
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [redJs, '--userDir', userDir, '--settings', settingsFile, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env, NODE_RED_ENABLE_PROJECTS: 'false' },
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (ownUserDir) rmSync(userDir, { recursive: true, force: true });
  };
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGKILL');
      await exited;
    }
    if (ownUserDir) rmSync(userDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      if (ownUserDir) rmSync(userDir, { recursive: true, force: true });
      if (/port in use|EADDRINUSE/i.test(out)) throw new PortTakenError(`Node-RED found port ${port} taken:\n${out}`);
      throw new Error(`Node-RED exited with ${child.exitCode}:\n${out}`);
    }
    if (/Started flows|Server now running/.test(out)) {
      try {
        const res = await fetch(`${url}/settings`);
        // Under adminAuth /settings answers 401 until login: listening all the same.
        if (res.ok || res.status === 401) {
          const flowsStarted = async (timeoutMs = 10_000): Promise<void> => {
            const until = Date.now() + timeoutMs;
            while (!out.includes('Started flows') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
          };
          return { url, userDir, output: () => out, stop, kill, pid: child.pid, alive: () => child.exitCode === null && child.signalCode === null, flowsStarted };
        }
      } catch {
        // not listening yet
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`Node-RED did not start within 60 s:\n${out}`);
}
