// The HTTP client behind a company proxy named in the environment: plain http targets in absolute form,
// https targets through a CONNECT tunnel with TLS end to end, NO_PROXY hosts reached directly. A small
// forward proxy on a real socket records what it was asked. The TLS target uses the certificate in
// fixtures/ (localhost and 127.0.0.1, made for these tests only).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import { createServer as createNetServer, connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HttpClient, isHttpError } from '../../lib/http';
import { proxyFor, proxySettingsFrom, TunnelingAgent } from '../../lib/http/proxy';

const CERT = readFileSync(join(__dirname, 'fixtures', 'tls-localhost.crt'));
const KEY = readFileSync(join(__dirname, 'fixtures', 'tls-localhost.key'));

interface ProxyLog {
  forwarded: Array<{ url: string; host: string | undefined; auth: string | undefined }>;
  tunnels: Array<{ authority: string; auth: string | undefined }>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A forward proxy: absolute-form requests forwarded, CONNECT tunnelled (or refused with 407 when `refuseTunnels`). */
function forwardProxy(log: ProxyLog, options: { refuseTunnels?: boolean } = {}): Server {
  const server = createHttpServer((req, res) => {
    const url = req.url ?? '';
    log.forwarded.push({ url, host: req.headers.host, auth: req.headers['proxy-authorization'] });
    const target = new URL(url);
    const { 'proxy-authorization': _auth, ...headers } = req.headers;
    const onward = httpRequest({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(onward);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const authority = req.url ?? '';
    log.tunnels.push({ authority, auth: req.headers['proxy-authorization'] });
    if (options.refuseTunnels) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = [authority.slice(0, authority.lastIndexOf(':')), Number(authority.slice(authority.lastIndexOf(':') + 1))];
    const upstream = netConnect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return server;
}

const answerWithHost = (req: IncomingMessage, res: import('node:http').ServerResponse): void => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ host: req.headers.host, path: req.url, secure: 'encrypted' in req.socket }));
};

/** Sets proxy variables for the clients made inside `work` (the transport reads them when made), then restores them. */
async function withProxyEnv<T>(vars: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const names = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
  const saved = new Map(names.map((n) => [n, process.env[n]]));
  for (const n of names) delete process.env[n];
  Object.assign(process.env, vars);
  try {
    return await work();
  } finally {
    for (const [n, v] of saved) {
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
  }
}

describe('proxy settings from the environment', () => {
  it('reads either case, the lower first, and ignores what is not an http URL', () => {
    const s = proxySettingsFrom({ HTTP_PROXY: 'http://upper:3128', http_proxy: 'http://lower:3128', HTTPS_PROXY: 'proxy.corp:8080', NO_PROXY: ' .corp.example, intranet:8443 ' });
    assert.equal(s.http?.host, 'lower:3128');
    assert.equal(s.https?.host, 'proxy.corp:8080');
    assert.deepEqual(s.bypass, ['.corp.example', 'intranet:8443']);
    assert.equal(proxySettingsFrom({ https_proxy: 'socks5://p:1080' }).https, null);
    assert.equal(proxySettingsFrom({ https_proxy: 'http://[bad' }).https, null);
  });

  it('bypasses NO_PROXY hosts, their subdomains and matching ports, or every host for *', () => {
    const s = proxySettingsFrom({ https_proxy: 'http://p:3128', http_proxy: 'http://p:3128', no_proxy: 'corp.example,.local.test,intranet:8443,[::1]' });
    const via = (url: string) => proxyFor(s, new URL(url))?.host ?? 'direct';
    assert.equal(via('https://api.procore.com/rest'), 'p:3128');
    assert.equal(via('https://corp.example/x'), 'direct');
    assert.equal(via('https://erp.corp.example/x'), 'direct');
    assert.equal(via('https://notcorp.example/x'), 'p:3128');
    assert.equal(via('http://a.local.test/x'), 'direct');
    assert.equal(via('https://intranet:8443/x'), 'direct');
    assert.equal(via('https://intranet/x'), 'p:3128');
    assert.equal(via('http://[::1]:8069/x'), 'direct');
    assert.equal(proxyFor(proxySettingsFrom({ https_proxy: 'http://p:3128', NO_PROXY: '*' }), new URL('https://x.example')), null);
    assert.equal(proxyFor(proxySettingsFrom({ https_proxy: 'http://p:3128' }), new URL('http://x.example')), null, 'an http target uses HTTP_PROXY only');
  });
});

describe('HttpClient through a proxy named in the environment', () => {
  const log: ProxyLog = { forwarded: [], tunnels: [] };
  const proxy = forwardProxy(log);
  const refusing = forwardProxy(log, { refuseTunnels: true });
  const plain = createHttpServer(answerWithHost);
  const secure = createHttpsServer({ cert: CERT, key: KEY }, answerWithHost);
  const ports = { proxy: 0, refusing: 0, plain: 0, secure: 0 };
  const clients: HttpClient[] = [];
  const client = (baseUrl: string): HttpClient => {
    const made = new HttpClient({ system: 'testapi', baseUrl, retry: { maxAttempts: 1 } });
    clients.push(made);
    return made;
  };

  before(async () => {
    ports.proxy = await listen(proxy);
    ports.refusing = await listen(refusing);
    ports.plain = await listen(plain);
    ports.secure = await listen(secure);
  });
  after(async () => {
    for (const c of clients) c.close();
    for (const s of [proxy, refusing, plain, secure]) await close(s);
  });

  it('sends an http request to the proxy in absolute form with the proxy credentials, and the target answers', async () => {
    log.forwarded.length = 0;
    const response = await withProxyEnv({ HTTP_PROXY: `http://mlc:p%40ss@127.0.0.1:${ports.proxy}` }, () => client(`http://127.0.0.1:${ports.plain}/api`).get('/items', { query: { q: '1' } }));
    assert.deepEqual(response.data, { host: `127.0.0.1:${ports.plain}`, path: '/api/items?q=1', secure: false });
    assert.deepEqual(log.forwarded, [{ url: `http://127.0.0.1:${ports.plain}/api/items?q=1`, host: `127.0.0.1:${ports.plain}`, auth: `Basic ${Buffer.from('mlc:p@ss').toString('base64')}` }]);
  });

  it('goes straight to a host NO_PROXY names', async () => {
    log.forwarded.length = 0;
    const response = await withProxyEnv({ http_proxy: `http://127.0.0.1:${ports.proxy}`, no_proxy: '127.0.0.1' }, () => client(`http://127.0.0.1:${ports.plain}`).get('/direct'));
    assert.equal((response.data as { path: string }).path, '/direct');
    assert.equal(log.forwarded.length, 0);
  });

  it('asks for a tunnel to an https target and reports a refused tunnel as a network failure without reaching it', async () => {
    log.tunnels.length = 0;
    const err = await withProxyEnv({ HTTPS_PROXY: `http://mlc:secret@127.0.0.1:${ports.refusing}` }, () =>
      client(`https://127.0.0.1:${ports.secure}`).get('/x').then(
        () => assert.fail('the call should fail'),
        (e: unknown) => e,
      ),
    );
    assert.ok(isHttpError(err), String(err));
    assert.equal(err.code, 'MLC_HTTP_NETWORK');
    assert.match(err.message, /EPROXY/);
    assert.doesNotMatch(err.message, /secret/);
    assert.deepEqual(log.tunnels, [{ authority: `127.0.0.1:${ports.secure}`, auth: `Basic ${Buffer.from('mlc:secret').toString('base64')}` }]);
  });

  it('speaks TLS to the target inside the tunnel, checking its certificate, and gives up on a proxy that never opens one', async () => {
    log.tunnels.length = 0;
    const proxyUrl = new URL(`http://127.0.0.1:${ports.proxy}`);
    const get = (agent: TunnelingAgent): Promise<string> =>
      new Promise((resolve, reject) => {
        httpsRequest({ host: '127.0.0.1', port: ports.secure, path: '/tunnelled', agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve(body));
        })
          .on('error', reject)
          .end();
      });
    const trusting = new TunnelingAgent(proxyUrl, { keepAlive: true, ca: CERT });
    try {
      assert.deepEqual(JSON.parse(await get(trusting)), { host: `127.0.0.1:${ports.secure}`, path: '/tunnelled', secure: true });
      assert.deepEqual(JSON.parse(await get(trusting)), { host: `127.0.0.1:${ports.secure}`, path: '/tunnelled', secure: true });
      assert.equal(log.tunnels.length, 1, 'the second request reused the tunnelled connection');
    } finally {
      trusting.destroy();
    }
    const untrusting = new TunnelingAgent(proxyUrl, { keepAlive: true });
    try {
      await assert.rejects(get(untrusting), /self[- ]signed/i);
    } finally {
      untrusting.destroy();
    }
    // A proxy that takes the connection and never answers the CONNECT: the tunnel gives up on its own.
    const held: Socket[] = [];
    const silent = createNetServer((socket) => void held.push(socket));
    const silentPort = await new Promise<number>((resolve) => silent.listen(0, '127.0.0.1', () => resolve((silent.address() as AddressInfo).port)));
    const waiting = new TunnelingAgent(new URL(`http://127.0.0.1:${silentPort}`), {}, 200);
    try {
      await assert.rejects(get(waiting), (err: unknown) => (err as { code?: unknown }).code === 'ETIMEDOUT' && /opened no tunnel/.test(String(err)));
    } finally {
      waiting.destroy();
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
