// tsc compiles only .ts: the editor files and icons must sit beside the compiled nodes, because
// Node-RED finds a node's .html by its .js name and scans only an icons/ folder next to each entry file.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, dirname, basename } from 'node:path';

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

// The palette header. Node-RED reads a hyphen in a category as root-sub, so category 'ml-connector'
// is shown under root 'ml', labelled by the key palette.label.ml in the message catalog of the node set
// that registered first in it (load order is not fixed). Every node set listed in package.json gets
// locales/en-US/<basename>.json beside its .js (other languages fall back to en-US), merged into the
// node's own catalog if nodes/ has one.
const PALETTE_CATEGORY = 'ml-connector';
const rootCategory = PALETTE_CATEGORY.split('-')[0];
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const file of Object.values(pkg['node-red'].nodes)) {
  if (!file.startsWith('dist/') || !file.endsWith('.js')) throw new Error(`package.json node-red.nodes: ${file} is not a dist/**/*.js file`);
  const rel = join(dirname(file), 'locales', 'en-US', basename(file).replace(/\.js$/, '.json'));
  const source = join(root, relative('dist', rel));
  const catalog = existsSync(source) ? JSON.parse(readFileSync(source, 'utf8')) : {};
  if (typeof catalog !== 'object' || catalog === null || Array.isArray(catalog)) throw new Error(`${source}: not a JSON object`);
  catalog.palette ??= {};
  catalog.palette.label ??= {};
  const existing = catalog.palette.label[rootCategory];
  if (existing !== undefined && existing !== PALETTE_CATEGORY) {
    throw new Error(`${source}: palette.label.${rootCategory} is ${JSON.stringify(existing)}, the palette header must read ${PALETTE_CATEGORY}`);
  }
  catalog.palette.label[rootCategory] = PALETTE_CATEGORY;
  const target = join(root, rel);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(catalog, null, 2)}\n`);
}

const sandboxData = join(root, 'sandbox');
for (const file of walk(sandboxData)) {
  if (!file.endsWith('.json') && !file.endsWith('.csv') && !file.endsWith('.xml')) continue;
  const target = join(out, relative(root, file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
if (!existsSync(out)) process.exit(0);
