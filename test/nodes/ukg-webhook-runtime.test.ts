// mlc-ukg-webhook in a real Node-RED (5 and 4.1) with the built pack: the editor's admin app sits at
// the same root "/" and parses JSON bodies first, which the test helper does not reproduce; the node
// must still see the exact bytes to check the signature. Needs `npm run build`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signBody } from '../../lib/ukg/webhook';
import { startNodeRed } from '../support/node-red-process';

const SECRET = 'whsec-runtime-3b1d';

for (const runtime of ['node-red', 'node-red-4'] as const) {
  describe(`mlc-ukg-webhook in ${runtime === 'node-red' ? 'Node-RED 5' : 'Node-RED 4.1'}`, () => {
    it('answers 202 to a signed JSON event and emits it, 401 to a wrong signature', async () => {
      const nr = await startNodeRed(
        runtime,
        [
          { id: 'tab', type: 'tab', label: 'webhook' },
          { id: 'hook', z: 'tab', type: 'mlc-ukg-webhook', path: '/mlc/ukg/webhook', x: 100, y: 100, wires: [['log']] },
          { id: 'log', z: 'tab', type: 'debug', active: true, tosidebar: false, console: true, complete: 'payload.employeeId', x: 300, y: 100, wires: [] },
        ],
        { credentials: { hook: { secret: SECRET } } },
      );
      try {
        // The node's route exists only once the flows have started (a POST before met a 404 once on Node-RED 4.1).
        await nr.flowsStarted();
        // Pretty-printed on purpose: a body parsed and re-serialised would no longer match its signature.
        const body = JSON.stringify({ EventId: 9001, EventTime: '2026-12-01T10:00:00', EventType: 'EmployeeHireEvent', Operation: 'Insert', Payload: { CoId: 'MLCO1', EeId: 'RUNTIME0001X' }, Tenant: 'mlcdemo' }, null, 2);
        const postWith = (signature: string): Promise<Response> =>
          fetch(`${nr.url}/mlc/ukg/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ukg-signature': signature }, body, signal: AbortSignal.timeout(10_000) });
        assert.equal((await postWith(`sha256=${signBody(body, SECRET)}`)).status, 202);
        assert.equal((await postWith(`sha256=${signBody(body, 'wrong')}`)).status, 401);
        const deadline = Date.now() + 10_000;
        while (!nr.output().includes('RUNTIME0001X') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        assert.ok(nr.output().includes('RUNTIME0001X'), `the event reached the flow:\n${nr.output()}`);
      } finally {
        await nr.stop();
      }
    });
  });
}
