// The support helper every Node-RED process test starts through: a port taken between finding it free and
// Node-RED binding it must not fail the test that asked for a Node-RED.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { test } from 'node:test';
import { freePort, startNodeRed } from './node-red-process';

async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return { server, port: address.port };
}

test('startNodeRed starts again on another port when the one it picked is taken before Node-RED binds it', { timeout: 120_000 }, async () => {
  const held = await holdPort();
  const picked: number[] = [];
  const nr = await startNodeRed('node-red', [], {
    pickPort: async () => {
      const port = picked.length === 0 ? held.port : await freePort();
      picked.push(port);
      return port;
    },
  });
  try {
    assert.equal(picked.length, 2, 'a second port after the first was refused');
    assert.equal(nr.url, `http://127.0.0.1:${picked[1]}`);
    assert.ok(nr.alive());
    assert.equal((await fetch(`${nr.url}/settings`)).status, 200);
  } finally {
    await nr.stop();
    held.server.close();
  }
  assert.equal(nr.alive(), false, 'stopped');
});

test('startNodeRed gives up with Node-RED\'s own words when every port it is given is taken', { timeout: 120_000 }, async () => {
  const held = await holdPort();
  let attempts = 0;
  try {
    await assert.rejects(
      startNodeRed('node-red', [], {
        pickPort: async () => {
          attempts++;
          return held.port;
        },
      }),
      /port in use/i,
    );
    assert.equal(attempts, 5);
  } finally {
    held.server.close();
  }
});
