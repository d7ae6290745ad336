// Every admin route the pack adds, found by walking the editor API's route table (so a route added
// later is checked without anyone remembering to): in a real Node-RED with adminAuth, none answers
// without a login, and every POST refuses a form or text body with 415 (a cross-site form cannot
// reach it) even for a user who may do everything.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { packNodes } from '../support/pack-manifest';
import { PROJECT_ROOT, startNodeRed, type RunningNodeRed } from '../support/node-red-process';

// bcryptjs comes with Node-RED (its adminAuth hashes), untyped.
const bcrypt = require('bcryptjs') as { hashSync(password: string, rounds: number): string };

helper.init(require.resolve('node-red'));

interface Route {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
}

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean | undefined> };
}

/** The pack's routes (under /mlc-) as Express holds them after every node set and the plugin loaded. */
async function packRoutes(): Promise<Route[]> {
  const modules = packNodes().map((entry) => require(entry.file) as unknown);
  modules.push(require(`${PROJECT_ROOT}/dist/nodes/core/audit-sidebar.js`) as unknown);
  modules.push(require(`${PROJECT_ROOT}/dist/nodes/core/plan-sidebar.js`) as unknown);
  await helper.startServer();
  try {
    await helper.load(modules as never[], []);
    const app = (helper as unknown as { _httpAdmin: { _router?: { stack: Layer[] }; router?: { stack: Layer[] } } })._httpAdmin;
    const stack = app._router?.stack ?? app.router?.stack ?? [];
    const routes: Route[] = [];
    for (const layer of stack) {
      const path = layer.route?.path;
      if (typeof path !== 'string' || !path.startsWith('/mlc-')) continue;
      for (const method of ['get', 'post', 'put', 'delete'] as const) if (layer.route?.methods[method]) routes.push({ method, path });
    }
    return routes;
  } finally {
    await helper.unload();
    await helper.stopServer();
  }
}

describe("the pack's admin routes", () => {
  let routes: Route[] = [];
  let nr: RunningNodeRed;
  let adminToken = '';

  before(async () => {
    routes = await packRoutes();
    const user = (name: string, permissions: string) => ({ username: name, password: bcrypt.hashSync(`${name}-pw`, 8), permissions });
    nr = await startNodeRed('node-red', [], { settings: { adminAuth: { type: 'credentials', users: [user('admin', '*')] } } });
    const res = await fetch(`${nr.url}/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: 'admin', password: 'admin-pw' }),
    });
    assert.equal(res.status, 200);
    adminToken = ((await res.json()) as { access_token: string }).access_token;
  });
  after(() => nr?.stop());

  const urlOf = (route: Route): string => `${nr.url}${route.path.replace(/:[A-Za-z]+/g, 'x')}`;

  it('finds them all in the route table', () => {
    const names = routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    assert.ok(routes.length >= 15, `only ${routes.length} routes found: ${names.join(', ')}`);
    for (const expected of ['POST /mlc-odoo-config/test', 'POST /mlc-ukg-config/test', 'POST /mlc-replay/:id/replay', 'POST /mlc-schedule/:id/trigger']) {
      assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    }
    assert.ok(routes.some((r) => r.path.startsWith('/mlc-audit-sidebar/') && r.method === 'post'), 'the sidebar routes are walked too');
    assert.ok(routes.some((r) => r.path.startsWith('/mlc-plan-sidebar/') && r.method === 'post'), 'the plans sidebar routes too');
  });

  it('answers none of them without a login (each checks a permission)', async () => {
    const open: string[] = [];
    for (const route of routes) {
      const res = await fetch(urlOf(route), { method: route.method.toUpperCase(), ...(route.method === 'get' ? {} : { headers: { 'Content-Type': 'application/json' }, body: '{}' }) });
      if (res.status !== 401) open.push(`${route.method.toUpperCase()} ${route.path}: ${res.status}`);
    }
    assert.deepEqual(open, []);
  });

  it('refuses a form post and a text body on every POST route with 415, even for an admin', async () => {
    const accepted: string[] = [];
    for (const route of routes.filter((r) => r.method !== 'get')) {
      for (const [type, body] of [
        ['application/x-www-form-urlencoded', 'id=x&url=http%3A%2F%2Fevil.example'],
        ['text/plain', '{"id":"x"}'],
        ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="id"\r\n\r\nx\r\n--b--\r\n'],
      ] as const) {
        const res = await fetch(urlOf(route), { method: route.method.toUpperCase(), headers: { 'Content-Type': type, Authorization: `Bearer ${adminToken}` }, body });
        if (res.status !== 415) accepted.push(`${route.method.toUpperCase()} ${route.path} (${type}): ${res.status}`);
      }
    }
    assert.deepEqual(accepted, []);
  });
});
