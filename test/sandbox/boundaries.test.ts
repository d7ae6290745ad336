import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { it } from 'node:test';

const root = resolve(__dirname, '..', '..');

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? typeScriptFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

// A simulator that shares code with the client it tests proves nothing.
it('nothing under sandbox/ imports from lib/ or nodes/', () => {
  const offenders: string[] = [];
  for (const file of typeScriptFiles(join(root, 'sandbox'))) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:from\s+|import\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)) {
      const specifier = match[1] ?? '';
      if (!specifier.startsWith('.')) continue;
      const target = relative(root, resolve(file, '..', specifier));
      if (/^(lib|nodes)([\\/]|$)/.test(target)) offenders.push(`${relative(root, file)} → ${specifier}`);
    }
  }
  assert.deepEqual(offenders, []);
});
