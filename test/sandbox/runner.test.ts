import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PortInUseError } from '../../sandbox/kit';
import { SIMULATORS, SYSTEM_PORTS, SYSTEMS } from '../../sandbox/registry';
import { startSandbox } from '../../sandbox/run';
import { holdDefaultPorts } from '../support/default-ports';
import { DemoSimulator } from './demo-simulator';
import { rawRequest } from './http-client';

const demo = (): DemoSimulator => new DemoSimulator();

describe('sandbox runner', () => {
  it('has the fixed port table, each port overridable by MLC_SANDBOX_<SYSTEM>_PORT', () => {
    assert.deepEqual(
      SYSTEMS.map((system) => [system, SYSTEM_PORTS[system].defaultPort, SYSTEM_PORTS[system].portEnv]),
      [
        ['odoo', 8069, 'MLC_SANDBOX_ODOO_PORT'],
        ['ukg', 8101, 'MLC_SANDBOX_UKG_PORT'],
        ['paylocity', 8102, 'MLC_SANDBOX_PAYLOCITY_PORT'],
        ['procore', 8103, 'MLC_SANDBOX_PROCORE_PORT'],
        ['servicenow', 8104, 'MLC_SANDBOX_SERVICENOW_PORT'],
        ['looker', 8105, 'MLC_SANDBOX_LOOKER_PORT'],
      ],
    );
    for (const [system, factory] of Object.entries(SIMULATORS)) {
      const simulator = factory();
      const expected = SYSTEM_PORTS[system as keyof typeof SYSTEM_PORTS];
      assert.equal(simulator.name, system);
      assert.equal(simulator.defaultPort, expected.defaultPort);
      assert.equal(simulator.portEnv, expected.portEnv);
    }
  });

  it('startSandbox on port 0 starts what exists, prints one line per system, and closes', async () => {
    const sandbox = await startSandbox({ simulators: { odoo: demo, procore: demo }, ports: { odoo: 0, procore: 0 } });
    try {
      const odoo = sandbox.get('odoo');
      assert.ok(odoo);
      assert.equal(sandbox.get('ukg'), undefined);
      assert.equal((await rawRequest(`${odoo.url}/__sandbox/health`)).status, 200);
      const lines = sandbox.lines();
      assert.equal(lines.length, 6);
      assert.equal(lines[0], `odoo        ${odoo.url.padEnd(24)}client demo-client / secret demo-secret`);
      assert.equal(lines[2], 'paylocity   not yet simulated');
      assert.match(lines[3] ?? '', /^procore     http:\/\/127\.0\.0\.1:\d+ +client demo-client/);
      assert.deepEqual(
        sandbox.systems.map((entry) => entry.system),
        [...SYSTEMS],
      );
      // What the example flows' config nodes read as ${...} values.
      const procore = sandbox.get('procore');
      assert.deepEqual(sandbox.environment(), {
        MLC_SANDBOX_ODOO_URL: odoo.url,
        MLC_SANDBOX_ODOO_CLIENT_ID: 'demo-client',
        MLC_SANDBOX_ODOO_CLIENT_SECRET: 'demo-secret',
        MLC_SANDBOX_PROCORE_URL: procore?.url,
        MLC_SANDBOX_PROCORE_CLIENT_ID: 'demo-client',
        MLC_SANDBOX_PROCORE_CLIENT_SECRET: 'demo-secret',
      });
    } finally {
      await sandbox.close();
    }
    await assert.rejects(rawRequest(`${sandbox.get('odoo')?.url ?? ''}/__sandbox/health`), { code: 'ECONNREFUSED' });
  });

  it('reads ports from MLC_SANDBOX_<SYSTEM>_PORT', async () => {
    const sandbox = await startSandbox({ simulators: { looker: demo }, env: { MLC_SANDBOX_LOOKER_PORT: '0' } });
    try {
      assert.ok((sandbox.get('looker')?.port ?? 0) > 0);
    } finally {
      await sandbox.close();
    }
  });

  it('a taken port names the system and port, and closes what did start', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const takenPort = (blocker.address() as { port: number }).port;
    const freePort = await findFreePort();
    try {
      await assert.rejects(startSandbox({ simulators: { odoo: demo, ukg: demo }, ports: { odoo: freePort, ukg: takenPort } }), (error: unknown) => {
        assert.ok(error instanceof PortInUseError);
        assert.equal(error.message, `ukg: port ${takenPort} on 127.0.0.1 is already in use (set MLC_SANDBOX_UKG_PORT to use another port)`);
        return true;
      });
      assert.equal(await findFreePort(freePort), freePort, 'odoo started and was closed again');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('npm run sandbox: prints the table, stays up, and exits cleanly on SIGTERM (on ephemeral ports, with every default port held)', async () => {
    const ports = await holdDefaultPorts();
    try {
      const root = join(__dirname, '..', '..');
      // Every port from its MLC_SANDBOX_<SYSTEM>_PORT variable: 0, any free port.
      const env = { ...process.env, ...Object.fromEntries(SYSTEMS.map((system) => [SYSTEM_PORTS[system].portEnv, '0'])) };
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'sandbox', 'run.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // The table, or the process ending without it (a taken port exits 1 at once): no timer.
      const tablePrinted = new Promise<boolean>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.trimEnd().split('\n').length >= SYSTEMS.length) resolve(true);
        });
      });
      assert.equal(await Promise.race([tablePrinted, exited.then(() => false)]), true, `no table; stderr: ${stderr}`);
      const lines = stdout.trimEnd().split('\n');
      assert.equal(lines.length, SYSTEMS.length);
      for (const [index, system] of SYSTEMS.entries()) {
        const line = lines[index] ?? '';
        assert.ok(line.startsWith(system.padEnd(12)), line);
        if (!(system in SIMULATORS)) {
          assert.equal(line, `${system.padEnd(12)}not yet simulated`);
          continue;
        }
        const url = /http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
        assert.ok(url, line);
        assert.ok(!ports.held.includes(Number(url[1])), `${system} on a port of its own, not ${url[1]}`);
        // Up and answering until signalled.
        assert.equal((await rawRequest(`${url[0]}/__sandbox/health`)).status, 200);
      }
      assert.equal(child.exitCode, null, 'still running until signalled');
      child.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
    } finally {
      await ports.release();
    }
  });
});

/** Listens on `port` (0: any) and closes again; rejects if the port is taken. */
async function findFreePort(port = 0): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return bound;
}
