// Loads the built pack into real Node-RED runtimes (5, and 4.1 as a smoke test) through their own
// loaders, and checks what a user would see: every node registered, with editor, help text and icon.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT, startNodeRed, type RunningNodeRed } from '../support/node-red-process';
import { editorDefinition, packNodes, sharedEditorConfigTypes } from '../support/pack-manifest';

const MODULE = '@ml-connector/node-red';

// Node-RED shows category 'ml-connector' under the root category before the hyphen, 'ml', and labels its
// palette header from palette.label.ml in the catalog of whichever of our node sets registered first.
const PALETTE_LABEL_KEY = 'ml';
const PALETTE_LABEL = 'ml-connector';
const DATABASE_CONFIGS = new Set(['mlc-warehouse-config']);

function catalogFile(entry: { file: string }): string {
  return entry.file.replace(/([^/]+)\.js$/, 'locales/en-US/$1.json');
}

function paletteLabel(catalog: unknown): unknown {
  return (catalog as { palette?: { label?: Record<string, unknown> } } | null)?.palette?.label?.[PALETTE_LABEL_KEY];
}

interface NodeSetInfo {
  id: string;
  module: string;
  types: string[];
  enabled: boolean;
  loaded?: boolean;
  err?: string;
}

describe('package.json engines', () => {
  it('asks for a Node 22 that has every node:sqlite member the SQLite store uses', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    const floor = /^>=22\.(\d+)\b/.exec(pkg.engines.node);
    assert.ok(floor, `engines.node ${pkg.engines.node} does not start at a Node 22 release`);
    // What @types/node says each DatabaseSync / StatementSync member was added in, on the 22 line.
    const types = readFileSync(require.resolve('@types/node/sqlite.d.ts'), 'utf8');
    const since = new Map<string, number>();
    for (const m of types.matchAll(/@since v22\.(\d+)\.\d+[\s\S]*?\*\/\s*(?:readonly\s+)?([A-Za-z]+)\s*[(:?]/g)) since.set(m[2] as string, Number(m[1]));
    assert.equal(since.get('isTransaction'), 16, 'reading @types/node/sqlite.d.ts');
    const store = readFileSync(join(PROJECT_ROOT, 'lib', 'store', 'sqlite-store.ts'), 'utf8');
    const used = [...new Set([...store.matchAll(/\.([A-Za-z]+)\b/g)].map((m) => m[1] as string))].filter((name) => since.has(name));
    const newer = used.filter((name) => (since.get(name) as number) > Number(floor[1])).map((name) => `${name} (22.${since.get(name)})`);
    assert.deepEqual(newer, [], `engines.node ${pkg.engines.node} admits Node releases without these`);
    assert.match(pkg.engines.node, /<23 \|\| >=24$/, 'Node 23 never had DatabaseSync.isTransaction');
  });
});

describe('the built package files', () => {
  for (const entry of packNodes()) {
    it(`${entry.type}: compiled .js and .html sit side by side`, () => {
      assert.ok(existsSync(entry.file), `missing ${entry.file} (did the build run?)`);
      assert.ok(existsSync(entry.html), `missing ${entry.html}`);
    });
    it(`${entry.type}: editor template, help text, and icon (unless a config node)`, () => {
      const html = readFileSync(entry.html, 'utf8');
      assert.match(html, new RegExp(`data-template-name=["']${entry.type}["']`), 'no editor template');
      const help = new RegExp(`data-help-name=["']${entry.type}["'][^>]*>([\\s\\S]*?)</script>`).exec(html);
      assert.ok(help && help[1] && help[1].trim().length > 80, 'help text missing or too short');
      const def = editorDefinition(html, entry.type);
      if (def.category === 'config') return;
      assert.equal(def.category, 'ml-connector', 'palette category');
      assert.ok(def.icon, 'no icon set');
      assert.ok(existsSync(entry.file.replace(/[^/]+$/, `icons/${def.icon}`)), `icon ${def.icon} not beside the node`);
    });
    it(`${entry.type}: a config field (Odoo, UKG, store) is filled with the only config node of its type when dropped`, (t) => {
      const html = readFileSync(entry.html, 'utf8');
      if (!/type: 'mlc-(store|[a-z]+-config)'/.test(html)) {
        t.skip('no config field');
        return;
      }
      assert.match(html, /<script src="resources\/@ml-connector\/node-red\/config-editor\.js"><\/script>/);
      assert.match(html, /onadd: mlcConfigEditor\.pickOnlyConfigs,/);
    });
    if (/-config$/.test(entry.type)) {
      it(`${entry.type}: a system connection, built on the shared config editor (limits, \${NAME} hint, Test connection)`, () => {
        const html = readFileSync(entry.html, 'utf8');
        assert.match(html, /<script src="resources\/@ml-connector\/node-red\/config-editor\.js"><\/script>/);
        assert.match(html, new RegExp(`mlcConfigEditor\\.register\\('${entry.type}'`));
        // The HTTP limits (timeout, attempts, retry wait) mean nothing to a database connection.
        const parts = DATABASE_CONFIGS.has(entry.type) ? ['env-hint', 'test'] : ['limits', 'env-hint', 'test'];
        for (const part of parts) assert.match(html, new RegExp(`<div data-mlc-config="${part}"></div>`), part);
        assert.doesNotMatch(html, /Test connection<\/button>|id="node-config-input-maxRetrySeconds"/, 'its own copy of a shared part');
      });
    }
    it(`${entry.type}: message catalog that labels the palette header ${PALETTE_LABEL}`, () => {
      const file = catalogFile(entry);
      assert.ok(existsSync(file), `missing ${file} (scripts/copy-assets.mjs writes it)`);
      assert.equal(paletteLabel(JSON.parse(readFileSync(file, 'utf8'))), PALETTE_LABEL, `palette.label.${PALETTE_LABEL_KEY} in ${file}`);
    });
  }
});

for (const runtime of ['node-red', 'node-red-4'] as const) {
  describe(`loading into ${runtime === 'node-red' ? 'Node-RED 5' : 'Node-RED 4.1'}`, () => {
    let nr: RunningNodeRed;
    before(async () => {
      nr = await startNodeRed(runtime);
    });
    after(async () => {
      await nr?.stop();
    });

    it('registers every node of the pack with no load error', async () => {
      const res = await fetch(`${nr.url}/nodes`, { headers: { Accept: 'application/json' } });
      assert.equal(res.status, 200);
      const sets = ((await res.json()) as NodeSetInfo[]).filter((s) => s.module === MODULE);
      const errors = sets.filter((s) => s.err).map((s) => `${s.id}: ${s.err}`);
      assert.deepEqual(errors, [], `load errors:\n${nr.output()}`);
      const types = sets.flatMap((s) => s.types).sort();
      assert.deepEqual(types, packNodes().map((n) => n.type).sort());
      assert.ok(sets.every((s) => s.enabled), 'every set enabled');
    });

    it('serves each node\'s editor and help to the editor', async () => {
      const res = await fetch(`${nr.url}/nodes`, { headers: { Accept: 'text/html' } });
      const html = await res.text();
      for (const { type } of packNodes()) {
        assert.match(html, new RegExp(`data-template-name=["']${type}["']`), type);
        assert.match(html, new RegExp(`data-help-name=["']${type}["']`), type);
      }
    });

    it('serves the config nodes\' shared editor script where their .html loads it from', async () => {
      const types = sharedEditorConfigTypes();
      assert.ok(types.includes('mlc-odoo-config') && types.includes('mlc-ukg-config'), types.join(', '));
      const html = await (await fetch(`${nr.url}/nodes`, { headers: { Accept: 'text/html' } })).text();
      const src = `resources/${MODULE}/config-editor.js`;
      assert.ok(html.includes(`<script src="${src}"></script>`), 'no config node loads the shared script');
      const res = await fetch(`${nr.url}/${src}`);
      assert.equal(res.status, 200, src);
      assert.match(await res.text(), /window\.mlcConfigEditor = \{/);
    });

    it('serves each node set\'s message catalog with the palette header label', async () => {
      for (const { type } of packNodes()) {
        const res = await fetch(`${nr.url}/locales/${MODULE}/${type}?lng=en-US`);
        assert.equal(res.status, 200, type);
        assert.equal(paletteLabel(await res.json()), PALETTE_LABEL, `${MODULE}/${type}: palette.label.${PALETTE_LABEL_KEY}`);
      }
    });

    it('serves the pack\'s icons', async () => {
      const res = await fetch(`${nr.url}/icons`);
      const icons = (await res.json()) as Record<string, string[]>;
      const ours = icons[MODULE] ?? [];
      for (const entry of packNodes()) {
        const def = editorDefinition(readFileSync(entry.html, 'utf8'), entry.type);
        if (def.icon) assert.ok(ours.includes(def.icon), `${def.icon} not served (served: ${ours.join(', ')})`);
      }
    });
  });
}
