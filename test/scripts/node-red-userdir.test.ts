// The user directory `npm start` prepares: on a first start, the example credentials are written
// encrypted with a secret generated for that directory, which later starts reuse.
import assert from 'node:assert/strict';
import { createDecipheriv, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
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
      assert.ok(settings.includes(secret), 'settings.js hands the secret to Node-RED');

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
    assert.doesNotMatch(readFileSync(join(dir, 'settings.js'), 'utf8'), /credentialSecret/);
  });
});
