// The sandbox's data and the store start over together (`npm start -- --reset`), and a start that
// finds the store without the sandbox's data refuses rather than let the two tell different stories.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { checkSandboxAndStore, resetSandboxAndStore, sandboxDataDir } from '../../scripts/sandbox-data';
import { startStack, StartRefused } from '../../scripts/start';

describe('sandbox data and store, together', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-sandbox-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const sandboxData = (): void => {
    mkdirSync(sandboxDataDir(dir), { recursive: true });
    writeFileSync(join(sandboxDataDir(dir), 'odoo.json'), '{}');
  };

  it('a fresh user directory, or both present: starts with nothing to say', () => {
    assert.deepEqual(checkSandboxAndStore(dir), { ok: true, warnings: [] });
    sandboxData();
    writeFileSync(join(dir, 'mlc-store.sqlite'), '');
    assert.deepEqual(checkSandboxAndStore(dir), { ok: true, warnings: [] });
  });

  it('a store without sandbox data is refused, naming both and --reset; startStack throws before starting anything', async () => {
    writeFileSync(join(dir, 'mlc-store.sqlite'), '');
    const check = checkSandboxAndStore(dir);
    assert.equal(check.ok, false);
    assert.match(!check.ok ? check.message : '', /mlc-store\.sqlite.*mlc-sandbox.*npm start -- --reset/s);
    await assert.rejects(startStack({ userDir: dir, port: 0, stdio: 'pipe', log: () => undefined }), StartRefused);
    assert.equal(existsSync(sandboxDataDir(dir)), false, 'the sandbox did not start (it would have written its data)');
  });

  it('sandbox data without a store starts with a warning', () => {
    sandboxData();
    const check = checkSandboxAndStore(dir);
    assert.ok(check.ok);
    assert.equal(check.warnings.length, 1);
    assert.match(check.warnings[0] ?? '', /no store file.*--reset/s);
  });

  it('a store path named in the flows counts, and reset deletes it with its journal files and the sandbox data', () => {
    const custom = join(dir, 'custom', 'my-store.sqlite');
    mkdirSync(join(dir, 'custom'));
    writeFileSync(
      join(dir, 'flows.json'),
      JSON.stringify([
        { id: 's1', type: 'mlc-store', backend: 'sqlite', path: custom },
        { id: 's2', type: 'mlc-store', name: 'shared', backend: 'postgres', connectionString: 'postgres://db/mlc' },
      ]),
    );
    writeFileSync(custom, '');
    writeFileSync(`${custom}-wal`, '');
    assert.equal(checkSandboxAndStore(dir).ok, false, 'the custom store without sandbox data');
    sandboxData();
    writeFileSync(join(dir, 'mlc-store.sqlite'), '');
    writeFileSync(join(dir, 'mlc-store.sqlite-shm'), '');

    const result = resetSandboxAndStore(dir);
    assert.deepEqual(result.removed.sort(), [sandboxDataDir(dir), join(dir, 'mlc-store.sqlite'), join(dir, 'mlc-store.sqlite-shm'), custom, `${custom}-wal`].sort());
    assert.deepEqual(result.warnings, ['the PostgreSQL store "shared" was not reset: clear its tables yourself, or its records point at sandbox entries that no longer exist']);
    assert.ok(existsSync(join(dir, 'flows.json')), 'the flows are the user\'s: kept');
    assert.deepEqual(checkSandboxAndStore(dir), { ok: true, warnings: [] });
  });
});
