// What the end-to-end tests of the example flows share: loading an example as `npm start` does,
// pressing its inject buttons through the admin API, and waiting for an outcome without sleeping blind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import { splitCredentials } from '../../scripts/example-flows';
import { PROJECT_ROOT, type RunningNodeRed } from './node-red-process';

export type FlowNode = Record<string, unknown> & { id: string; type: string };

/** An example's nodes and its config nodes' credentials, split as a first `npm start` splits them. */
export function loadExample(fileName: string): { flows: FlowNode[]; credentials: Record<string, Record<string, string>> } {
  const nodes = JSON.parse(readFileSync(join(PROJECT_ROOT, 'examples', fileName), 'utf8')) as FlowNode[];
  // The examples' hourly schedules would fire on their own when a test runs across their minute (a
  // CI run can start at any time) and add a run the test did not press; a test's runs are its own, so
  // a cron schedule is moved to once a year (a test that needs another sets its own).
  for (const node of nodes) if (node.type === 'mlc-schedule' && node['mode'] === 'cron') node['cron'] = '0 0 1 1 *';
  return splitCredentials(nodes);
}

/** Several examples in one Node-RED, as `npm start` deploys them all: the config nodes they share (one store, one Odoo) once. */
export function loadExamples(...fileNames: string[]): { flows: FlowNode[]; credentials: Record<string, Record<string, string>> } {
  const seen = new Set<string>();
  const flows: FlowNode[] = [];
  let credentials: Record<string, Record<string, string>> = {};
  for (const file of fileNames) {
    const example = loadExample(file);
    for (const node of example.flows) if (!seen.has(node.id)) (seen.add(node.id), flows.push(node));
    credentials = { ...credentials, ...example.credentials };
  }
  return { flows, credentials };
}

/** The examples' store as a Node-RED started with them has it (SQLite in its user directory), opened beside it to see what it holds. */
export function openExampleStore(nr: Pick<RunningNodeRed, 'userDir'>): Promise<Store> {
  return openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
}

/** Ends an e2e test's parts, clients before the Node-RED and sandboxes they talk to; a part that never started is skipped. */
export async function stopAll(parts: { odoo?: { close(): void }; store?: { close(): Promise<void> }; nr?: { stop(): Promise<void> }; sandbox?: { close(): Promise<void> } }): Promise<void> {
  parts.odoo?.close();
  await parts.store?.close();
  await parts.nr?.stop();
  await parts.sandbox?.close();
}

export async function press(nr: Pick<RunningNodeRed, 'url' | 'output'>, injectId: string, body?: unknown): Promise<void> {
  // Right after a deploy the flows may still be starting: the node is not there yet (404) for a moment.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await fetch(`${nr.url}/inject/${injectId}`, {
      method: 'POST',
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (res.status === 200) return;
    if (res.status !== 404 || Date.now() > deadline) assert.fail(`inject ${injectId}: ${res.status}\n${nr.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 150));
    last = await probe();
  }
  return last;
}
