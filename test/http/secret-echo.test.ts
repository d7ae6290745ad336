// One masking path for every client: a server that repeats the secret back, in a plain-text error
// body, a JSON body, a fault and a response header, on every Odoo transport and on UKG. Whatever the
// client throws must not hold the secret anywhere (message, Odoo's own message, stack, any field).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import { UkgClient } from '../../lib/ukg/client';

const ODOO_KEY = 'odoo-Secret-Key-9731';
const UKG_PASSWORD = 'ukg-Secret-Pass-5520';
const UKG_API_KEY = 'UKGAPIKEY77';

type Mode = 'text' | 'json' | 'header' | 'fault';

function everything(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const parts = [err.message, err.stack ?? ''];
  for (const name of Object.getOwnPropertyNames(err)) parts.push(String((err as unknown as Record<string, unknown>)[name]));
  try {
    parts.push(JSON.stringify(err));
  } catch {
    // circular: the own properties above cover it
  }
  const cause = (err as { cause?: unknown }).cause;
  if (cause && cause !== err) parts.push(everything(cause));
  return parts.join('\n');
}

describe('no client lets a secret a server echoes back into its errors', () => {
  let server: Server;
  let url = '';
  let mode: Mode = 'text';
  let echo = '';

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const said = `refused: ${echo} is not valid (${req.headers.authorization ?? ''})`;
        if (mode === 'text') res.writeHead(500, { 'content-type': 'text/plain' }).end(said);
        else if (mode === 'json') res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'odoo.exceptions.UserError', message: said, arguments: [said], error: { message: said, data: { name: 'odoo.exceptions.UserError', message: said } } }));
        else if (mode === 'header') res.writeHead(503, { 'content-type': 'text/plain', 'x-echo': echo, 'www-authenticate': `Basic realm="${echo}"` }).end('unavailable');
        else if (req.url?.startsWith('/xmlrpc')) {
          res.writeHead(200, { 'content-type': 'text/xml' }).end(
            `<?xml version="1.0"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member><member><name>faultString</name><value><string>${said}</string></value></member></struct></value></fault></methodResponse>`,
          );
        } else {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: 200, message: 'Odoo Server Error', data: { name: 'odoo.exceptions.UserError', message: said, debug: said } } }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  for (const transport of ['json2', 'xmlrpc', 'jsonrpc'] as const) {
    // JSON-2 answers its faults as JSON with an HTTP status: the "json" case; the others have a fault envelope.
    for (const m of transport === 'json2' ? (['text', 'json', 'header'] as const) : (['text', 'json', 'header', 'fault'] as const)) {
      it(`Odoo over ${transport}: a ${m} echo of the API key`, async () => {
        mode = m;
        echo = ODOO_KEY;
        const client = new OdooClient({ configName: 'echo', url, db: 'db', username: 'admin', apiKey: ODOO_KEY, transport, retry: { maxAttempts: 1 } });
        try {
          const err = await client.searchCount('res.partner').then(
            () => assert.fail('the echo server answers no call'),
            (e: unknown) => e,
          );
          const text = everything(err);
          assert.ok(!text.includes(ODOO_KEY), `the key leaked:\n${text}`);
        } finally {
          client.close();
        }
      });
    }
  }

  for (const m of ['text', 'json', 'header'] as const) {
    it(`UKG: a ${m} echo of the password, the customer API key and the Basic header`, async () => {
      mode = m;
      echo = `${UKG_PASSWORD} ${UKG_API_KEY}`;
      const client = new UkgClient({ configName: 'echo', host: url, username: 'svc', password: UKG_PASSWORD, customerApiKey: UKG_API_KEY, retry: { maxAttempts: 1 } });
      try {
        const err = await client.get('/personnel/v1/employee-ids').then(
          () => assert.fail('the echo server answers no call'),
          (e: unknown) => e,
        );
        const text = everything(err);
        for (const secret of [UKG_PASSWORD, UKG_API_KEY, Buffer.from(`svc:${UKG_PASSWORD}`).toString('base64')]) assert.ok(!text.includes(secret), `${secret} leaked:\n${text}`);
      } finally {
        client.close();
      }
    });
  }
});
