// One Node-RED instance for the read-lease test: a child process with its own Node-RED (the test
// helper), the real mlc-store on a shared store (a SQLite file or a PostgreSQL schema) and an mlc-odoo-read node whose id is the same
// in every instance, as when several instances run the same flows. Driven by JSON lines on stdin
// ({"cmd":"trigger"}), it reports what the read node does as JSON lines on stdout.
import helper from 'node-red-node-test-helper';
import storeNode = require('../../nodes/core/store-config');
import odooConfigNode = require('../../nodes/odoo/odoo-config');
import odooReadNode = require('../../nodes/odoo/odoo-read');

helper.init(require.resolve('node-red'));

const [odooUrl, storeJson] = process.argv.slice(2);
if (!odooUrl || !storeJson) throw new Error('usage: read-instance <odoo url> <mlc-store fields as JSON>');
/** The mlc-store node's fields: {backend: 'sqlite', path} or {backend: 'postgres', connectionString, schema}. */
const storeFields = JSON.parse(storeJson) as Record<string, unknown>;

const say = (event: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(event)}\n`);
};

const flow = [
  { id: 'tab', type: 'tab' },
  { id: 'store', type: 'mlc-store', ...storeFields },
  { id: 'odoo', type: 'mlc-odoo-config', name: 'Odoo sandbox', url: odooUrl, db: 'mlc_demo', transport: 'json2', maxAttempts: 1 },
  {
    id: 'read',
    z: 'tab',
    x: 100,
    y: 100,
    type: 'mlc-odoo-read',
    odoo: 'odoo',
    store: 'store',
    model: 'res.partner',
    mode: 'incremental',
    domain: JSON.stringify([['supplier_rank', '>', 0]]),
    pageSize: 5,
    auditTimeoutSeconds: 600,
    wires: [['out'], ['complete']],
  },
  { id: 'out', z: 'tab', x: 200, y: 100, type: 'helper' },
  { id: 'complete', z: 'tab', x: 200, y: 200, type: 'helper' },
  { id: 'catcher', z: 'tab', x: 100, y: 300, type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
  { id: 'caught', z: 'tab', x: 200, y: 300, type: 'helper' },
];

async function main(): Promise<void> {
  await helper.startServer();
  await helper.load([storeNode, odooConfigNode, odooReadNode], flow, { odoo: { username: 'admin', apiKey: 'mlc-demo-key' } });
  const read = helper.getNode('read') as unknown as NodeJS.EventEmitter & { receive(msg: unknown): void };
  read.on('call:status', (call: { args: [Record<string, unknown>] }) => say({ ev: 'status', status: call.args[0] }));
  read.on('call:log', (call: { args: [unknown] }) => say({ ev: 'log', text: String(call.args[0]) }));
  const on = (id: string, listener: (msg: { mlc?: { key?: string }; payload?: unknown; error?: unknown }) => void): void => {
    (helper.getNode(id) as unknown as NodeJS.EventEmitter).on('input', listener);
  };
  on('out', (msg) => say({ ev: 'out', key: msg.mlc?.key }));
  on('complete', (msg) => say({ ev: 'complete', payload: msg.payload }));
  on('caught', (msg) => say({ ev: 'caught', error: msg.error }));

  let buffered = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
      if (!line) continue;
      const { cmd } = JSON.parse(line) as { cmd: string };
      if (cmd === 'trigger') read.receive({ payload: 'go' });
      if (cmd === 'stop') void stop();
    }
  });
  process.stdin.on('end', () => void stop());
  say({ ev: 'ready' });
}

async function stop(): Promise<void> {
  await helper.unload();
  await helper.stopServer();
  say({ ev: 'stopped' });
  process.exit(0);
}

main().catch((err: unknown) => {
  say({ ev: 'crashed', error: String(err instanceof Error ? err.stack : err) });
  process.exit(1);
});
