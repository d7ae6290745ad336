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

/**
 * Example config nodes carry `credentials` whose values are `${MLC_SANDBOX_...}` references (never a
 * secret). Node-RED keeps credentials apart from the flow file, so a first start writes them to
 * flows_cred.json and strips them from flows.json, as a deploy would.
 */
export function splitCredentials(nodes: FlowNode[]): { flows: FlowNode[]; credentials: Record<string, Record<string, string>> } {
  const credentials: Record<string, Record<string, string>> = {};
  const flows = nodes.map((node) => {
    const { credentials: own, ...rest } = node as FlowNode & { credentials?: Record<string, string> };
    if (own && typeof own === 'object') credentials[node.id] = own;
    return rest as FlowNode;
  });
  return { flows, credentials };
}
