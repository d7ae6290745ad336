// The user directory `npm start` prepares: on a first start, the example credentials are written
// encrypted with a secret generated for that directory, which later starts reuse.
import assert from 'node:assert/strict';
import { createDecipheriv, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { prepareUserDir } from '../../scripts/node-red-userdir';
import { PROJECT_ROOT } from '../support/node-red-process';

describe('prepareUserDir', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes first-start credentials encrypted with a generated secret that later starts keep', () => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-userdir-'));
    const saved = process.env['MLC_CREDENTIAL_SECRET'];
    delete process.env['MLC_CREDENTIAL_SECRET'];
    try {
      const credentials = { 'mlc-ex-odoo': { username: '${MLC_SANDBOX_ODOO_USERNAME}', apiKey: '${MLC_SANDBOX_ODOO_API_KEY}' } };
      prepareUserDir({ userDir: dir, projectRoot: PROJECT_ROOT, port: 1, initialFlows: [{ id: 'mlc-ex-odoo', type: 'mlc-odoo-config' }], initialCredentials: credentials });
      const secret = readFileSync(join(dir, '.mlc-credential-secret'), 'utf8').trim();
      assert.match(secret, /^[0-9a-f]{64}$/);
      assert.equal(statSync(join(dir, '.mlc-credential-secret')).mode & 0o077, 0, 'readable by its owner only');
      const file = JSON.parse(readFileSync(join(dir, 'flows_cred.json'), 'utf8')) as { $: string };
      assert.deepEqual(Object.keys(file), ['$']);
      const decipher = createDecipheriv('aes-256-ctr', createHash('sha256').update(secret).digest(), Buffer.from(file.$.slice(0, 32), 'hex'));
      assert.deepEqual(JSON.parse(decipher.update(file.$.slice(32), 'base64', 'utf8') + decipher.final('utf8')), credentials);
      const settings = readFileSync(join(dir, 'settings.js'), 'utf8');
      assert.ok(!settings.includes(secret), 'the secret is not written into settings.js');
      assert.equal(statSync(join(dir, 'settings.js')).mode & 0o077, 0);
      assert.equal(statSync(join(dir, 'flows_cred.json')).mode & 0o077, 0);
      assert.equal(loadSettings(dir)['credentialSecret'], secret, 'settings.js hands the secret to Node-RED when it loads');

      prepareUserDir({ userDir: dir, projectRoot: PROJECT_ROOT, port: 1 });
      assert.equal(readFileSync(join(dir, '.mlc-credential-secret'), 'utf8').trim(), secret, 'the next start keeps it');
    } finally {
      if (saved !== undefined) process.env['MLC_CREDENTIAL_SECRET'] = saved;
    }
  });

  it('leaves a user directory from before without a secret file on Node-RED\'s own key', () => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-userdir-'));
    prepareUserDir({ userDir: dir, projectRoot: PROJECT_ROOT, port: 1, initialFlows: [] });
    rmSync(join(dir, '.mlc-credential-secret'));
    prepareUserDir({ userDir: dir, projectRoot: PROJECT_ROOT, port: 1 });
    assert.equal(loadSettings(dir)['credentialSecret'], undefined);
  });

  it('creates settings.js once, listening on 127.0.0.1, and keeps the user\'s edits on later starts', () => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-userdir-'));
    prepareUserDir({ userDir: dir, projectRoot: PROJECT_ROOT, port: 1880, initialFlows: [] });
    const settings = loadSettings(dir);
    assert.equal(settings['uiHost'], '127.0.0.1');
    assert.equal(settings['uiPort'], 1880);
    const file = join(dir, 'settings.js');
    const edited = readFileSync(file, 'utf8').replace('// adminAuth: {', 'adminAuth: { type: "credentials", users: [] }, // kept\n  // adminAuth: {');
    writeFileSync(file, edited);
    prepareUserDir({ userDir: dir, projectRoot: PROJECT_ROOT, port: 1880 });
    assert.equal(readFileSync(file, 'utf8'), edited, 'a restart keeps the edits');
    assert.deepEqual(loadSettings(dir)['adminAuth'], { type: 'credentials', users: [] });
  });

  it('replaces once a settings.js written by an older start script (with the secret in it)', () => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-userdir-'));
    writeFileSync(join(dir, 'settings.js'), "// Written by ml-connector's start script; edits are overwritten.\nmodule.exports = { credentialSecret: 'plain-text-secret' };\n");
    prepareUserDir({ userDir: dir, projectRoot: PROJECT_ROOT, port: 1, initialFlows: [] });
    assert.ok(!readFileSync(join(dir, 'settings.js'), 'utf8').includes('plain-text-secret'));
  });
});

/** settings.js as Node-RED loads it, in a fresh module cache, with no MLC_* environment set. */
function loadSettings(dir: string): Record<string, unknown> {
  const saved = { secret: process.env['MLC_CREDENTIAL_SECRET'], host: process.env['MLC_HOST'], port: process.env['MLC_PORT'] };
  delete process.env['MLC_CREDENTIAL_SECRET'];
  delete process.env['MLC_HOST'];
  delete process.env['MLC_PORT'];
  try {
    const path = join(dir, 'settings.js');
    delete require.cache[require.resolve(path)];
    return require(path) as Record<string, unknown>;
  } finally {
    if (saved.secret !== undefined) process.env['MLC_CREDENTIAL_SECRET'] = saved.secret;
    if (saved.host !== undefined) process.env['MLC_HOST'] = saved.host;
    if (saved.port !== undefined) process.env['MLC_PORT'] = saved.port;
  }
}
