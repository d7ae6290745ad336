// `npm start`: the sandbox simulators and Node-RED 5 with this pack, side by side, so a newcomer sees
// data move with no accounts anywhere. Node-RED runs as a child process (its own CLI, its own
// settings), the simulators in this process; Ctrl+C stops both.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { startSandbox } from '../sandbox/start-sandbox';
import { exampleFlowsForFirstStart, splitCredentials } from './example-flows';
import { prepareUserDir } from './node-red-userdir';

const projectRoot = resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const port = Number(process.env['MLC_PORT'] ?? 1880);
  const userDir = resolve(projectRoot, process.env['MLC_USER_DIR'] ?? '.node-red');
  const sandbox = await startSandbox({
    onError: (error, request) => console.error(`sandbox: ${request.method} ${request.path} failed:`, error),
  });
  console.log('Sandbox:');
  for (const line of sandbox.lines()) console.log(`  ${line}`);

  const firstStart = !existsSync(join(userDir, 'flows.json'));
  const examples = firstStart ? splitCredentials(exampleFlowsForFirstStart(join(projectRoot, 'examples'))) : undefined;
  const { settingsFile } = prepareUserDir({
    userDir,
    projectRoot,
    port,
    initialFlows: examples?.flows,
    initialCredentials: examples?.credentials,
  });
  const redJs = join(dirname(require.resolve('node-red/package.json')), 'red.js');
  console.log(`Node-RED: http://127.0.0.1:${port} (user directory ${userDir}${firstStart ? ', example flows loaded' : ''})`);
  // The example config nodes read the sandbox's URLs and demo credentials from these variables.
  const env = { ...process.env, ...sandbox.environment() };
  const child = spawn(process.execPath, [redJs, '--userDir', userDir, '--settings', settingsFile, '--port', String(port)], { stdio: 'inherit', env });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    child.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => {
    void sandbox.close().then(() => process.exit(stopping ? 0 : (code ?? 1)));
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
