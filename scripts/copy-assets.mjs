// tsc compiles only .ts: the editor files and icons must sit beside the compiled nodes, because
// Node-RED finds a node's .html by its .js name and scans only an icons/ folder next to each entry file.
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const nodeDirs = new Set();
for (const file of walk(join(root, 'nodes'))) {
  if (file.endsWith('.ts')) nodeDirs.add(dirname(file));
  if (!file.endsWith('.html') && !file.endsWith('.json')) continue;
  const target = join(out, relative(root, file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
for (const dir of nodeDirs) {
  const target = join(out, relative(root, dir), 'icons');
  cpSync(join(root, 'icons'), target, { recursive: true });
}
const sandboxData = join(root, 'sandbox');
for (const file of walk(sandboxData)) {
  if (!file.endsWith('.json') && !file.endsWith('.csv') && !file.endsWith('.xml')) continue;
  const target = join(out, relative(root, file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
if (!existsSync(out)) process.exit(0);
