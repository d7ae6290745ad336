import { PortInUseError } from './kit';
import { startSandbox } from './start-sandbox';

export { formatSystemLine, startSandbox, type Sandbox, type SandboxOptions, type SandboxSystem } from './start-sandbox';

/**
 * `npm run sandbox`: start every simulator on 127.0.0.1, print one line per system, stay up until
 * SIGINT/SIGTERM. Exits 1 when a port is taken.
 */
async function main(): Promise<void> {
  let sandbox;
  try {
    sandbox = await startSandbox({ onError: (error, request) => console.error(`sandbox: ${request.method} ${request.path} failed:`, error) });
  } catch (error) {
    const failures = error instanceof AggregateError ? error.errors : [error];
    for (const failure of failures) {
      console.error(failure instanceof PortInUseError || failure instanceof RangeError ? failure.message : failure);
    }
    process.exitCode = 1;
    return;
  }
  for (const line of sandbox.lines()) console.log(line);

  // With no simulator listening yet nothing else would keep the process alive until the signal.
  const keepAlive = setInterval(() => undefined, 2 ** 30);
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(1); // a second Ctrl+C means "now"
    stopping = true;
    clearInterval(keepAlive);
    void sandbox.close().then(() => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) void main();
