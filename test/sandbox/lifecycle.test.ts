import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PortInUseError, startSimulator } from '../../sandbox/kit';
import { DemoSimulator } from './demo-simulator';
import { rawRequest } from './http-client';

describe('sandbox simulator lifecycle', () => {
  it('listens on a free port when asked for port 0', async () => {
    const [a, b] = await Promise.all([startSimulator(new DemoSimulator(), { port: 0 }), startSimulator(new DemoSimulator(), { port: 0 })]);
    try {
      assert.ok(a.port > 0 && b.port > 0 && a.port !== b.port);
      assert.equal(a.url, `http://127.0.0.1:${a.port}`);
      assert.equal((await rawRequest(`${a.url}/__sandbox/health`)).status, 200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('takes its port from the environment variable when no port is given', async () => {
    const probe = await startSimulator(new DemoSimulator(), { port: 0 });
    const freePort = probe.port;
    await probe.close();
    const sim = await startSimulator(new DemoSimulator(), { env: { MLC_SANDBOX_DEMO_PORT: String(freePort) } });
    try {
      assert.equal(sim.port, freePort);
    } finally {
      await sim.close();
    }
    await assert.rejects(startSimulator(new DemoSimulator(), { env: { MLC_SANDBOX_DEMO_PORT: 'eighty' } }), /MLC_SANDBOX_DEMO_PORT must be a port number/);
  });

  it('says which simulator and port when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await assert.rejects(startSimulator(new DemoSimulator(), { port }), (error: unknown) => {
        assert.ok(error instanceof PortInUseError);
        assert.equal(error.message, `demo: port ${port} on 127.0.0.1 is already in use (set MLC_SANDBOX_DEMO_PORT to use another port)`);
        return true;
      });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('close ends keep-alive, hanging and delayed requests, and refuses new connections', async () => {
    const sim = await startSimulator(new DemoSimulator(), { port: 0 });
    await (await fetch(`${sim.url}/echo/a/b`)).text();
    sim.faults.add([{ kind: 'hang' }, { kind: 'delay', ms: 60_000 }]);
    // Settled at once into values: they reject while close() is awaited, before any assertion could attach.
    const outcome = (request: Promise<unknown>): Promise<unknown> => request.then(() => 'answered', (err: unknown) => err);
    const hanging = outcome(rawRequest(`${sim.url}/echo/x/y`));
    const delayed = outcome(rawRequest(`${sim.url}/echo/x/y`));
    // Both must be inside the server (faults taken) before it closes; on a busy machine that takes a while.
    for (let waited = 0; sim.faults.pending().length > 0 && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    await sim.close();
    assert.ok(performance.now() - started < 1_000, 'close does not wait for the hang bound');
    assert.equal((await hanging as { code?: string }).code, 'ECONNRESET');
    assert.equal((await delayed as { code?: string }).code, 'ECONNRESET');
    await assert.rejects(rawRequest(`${sim.url}/echo/a/b`), { code: 'ECONNREFUSED' });
    await sim.close(); // twice is fine
  });

  it('leaves no open handles: a process that closed its simulator exits by itself', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'close-then-exit.ts')], {
      cwd: join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('exit', (code) => {
        clearTimeout(killer);
        resolve(code);
      });
    });
    assert.equal(exitCode, 0, output);
    assert.match(output, /closed; stuck requests: failed,failed/);
  });

  it('answers 500 when a handler throws, and tells onError', async () => {
    const errors: string[] = [];
    const broken = new DemoSimulator();
    const register = broken.register.bind(broken);
    broken.register = (router, context) => {
      router.get('/boom', () => {
        throw new Error('seeded data is inconsistent');
      });
      register(router, context);
    };
    const sim = await startSimulator(broken, { port: 0, onError: (error, request) => errors.push(`${request.path}: ${(error as Error).message}`) });
    try {
      const response = await rawRequest(`${sim.url}/boom`);
      assert.equal(response.status, 500);
      assert.deepEqual(JSON.parse(response.body), { error: 'sandbox_handler_failed', message: 'seeded data is inconsistent' });
      assert.deepEqual(errors, ['/boom: seeded data is inconsistent']);
      assert.equal(sim.log.last()?.outcome, 'handler-error');
    } finally {
      await sim.close();
    }
  });
});
