// The example flows a first start loads into the editor: every examples/*.json, each on its own tab.
// The same files are what Import → Examples shows, so what a newcomer sees is what ships.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

type FlowNode = Record<string, unknown> & { id: string; type: string };

export function exampleFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) return exampleFiles(full);
      return name.endsWith('.json') ? [full] : [];
    });
}

export function exampleFlowsForFirstStart(dir: string): FlowNode[] {
  const seen = new Set<string>();
  const all: FlowNode[] = [];
  for (const file of exampleFiles(dir)) {
    const nodes = JSON.parse(readFileSync(file, 'utf8')) as FlowNode[];
    for (const node of nodes) {
      // Config nodes shared between examples (one store, one Odoo) appear once.
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      all.push(node);
    }
  }
  return all;
}
