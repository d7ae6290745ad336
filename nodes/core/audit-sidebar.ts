// mlc-audit-sidebar: the runtime half of the "ml-connector" editor sidebar (a Node-RED plugin, not a
// node). Admin routes that show what the deployed mlc-store config nodes hold, park records and
// release claims. Replay is not done here: the sidebar asks a deployed mlc-replay node (by default the
// one on the record's own flow), so replayed records take the flow's own path through map, dedup and
// the write. Routes that change the store take JSON only and check mlc-store.write.
import type { NextFunction, Request, Response } from 'express';
import type { NodeAPI, NodeDef } from 'node-red';
import type { Store } from '../../lib/store/types';
import { toError } from '../shared/errors';
import type { StoreConfigNode } from '../shared/types';
import { migrateReplaySettings } from './replay-settings';
import {
  failuresByFlow,
  issueText,
  ParkBodySchema,
  parkFilter,
  RecordQuerySchema,
  type ReplayNodeView,
  recordDetail,
  recordPage,
  RecordsQuerySchema,
  ReleaseBodySchema,
  releaseReason,
  RunsQuerySchema,
  runViews,
  statusCounts,
  type StoreView,
  PAYLOAD_PERMISSION,
  userHasPermission,
} from './audit-sidebar-views';

const PLUGIN_ID = 'mlc-audit-sidebar';
const BASE = '/mlc-audit-sidebar';

/** The parts of a flow's node settings the sidebar reads; Node-RED keeps them as parsed from flows.json. */
interface FlowNodeSettings extends NodeDef {
  store?: unknown;
  scope?: unknown;
  runId?: unknown;
  label?: unknown;
  wires?: unknown;
}

export = function (RED: NodeAPI): void {
  const read = RED.auth.needsPermission('mlc-store.read');
  const write = RED.auth.needsPermission('mlc-store.write');

  /** Deployed and started nodes only: getNode() is null for a disabled node or one not deployed yet. */
  function flowNodes(type: string): FlowNodeSettings[] {
    const found: FlowNodeSettings[] = [];
    RED.nodes.eachNode((def) => {
      if (def.type === type && RED.nodes.getNode(def.id)) found.push(def as FlowNodeSettings);
    });
    return found;
  }

  function flowLabels(): Map<string, string> {
    const labels = new Map<string, string>();
    RED.nodes.eachNode((def) => {
      const settings = def as FlowNodeSettings;
      if (def.type === 'tab' && typeof settings.label === 'string') labels.set(def.id, settings.label);
      if (def.type === 'subflow' && typeof def.name === 'string') labels.set(def.id, def.name);
    });
    return labels;
  }

  /** "name (type) on flow" for a deployed node id, as the editor would let a user find it. */
  function nodeLabeler(): (id: string) => string | null {
    const labels = flowLabels();
    const defs = new Map<string, FlowNodeSettings>();
    RED.nodes.eachNode((def) => {
      defs.set(def.id, def as FlowNodeSettings);
    });
    return (id) => {
      const def = defs.get(id);
      if (!def) return null;
      const flow = def.z ? labels.get(def.z) : undefined;
      return `${def.name ? `${def.name} (${def.type})` : def.type}${flow ? ` on ${flow}` : ''}`;
    };
  }

  function replayNodeViews(storeId: string): ReplayNodeView[] {
    const labels = flowLabels();
    return flowNodes('mlc-replay')
      .filter((def) => def.store === storeId)
      .map((def) => {
        const settings = migrateReplaySettings(def as { scope?: string; runId?: string });
        return {
          id: def.id,
          name: def.name || 'replay',
          flow: (def.z && labels.get(def.z)) || null,
          flowId: def.z || null,
          scope: settings.scope,
          runId: settings.scope === 'run' && typeof def.runId === 'string' && def.runId ? def.runId : null,
          wired: firstOutputWired(def.wires),
        };
      });
  }

  function storeNode(id: string): StoreConfigNode | null {
    const node = RED.nodes.getNode(id) as StoreConfigNode | null;
    return node && node.type === 'mlc-store' && typeof node.getStore === 'function' ? node : null;
  }

  /**
   * Runs a route's work against the store named in the path. Express 4 (Node-RED's) does not catch
   * a rejected promise, so every failure is answered here; store errors carry no credentials.
   */
  function withStore(work: (store: Store, node: StoreConfigNode, req: Request, res: Response) => Promise<void>) {
    return (req: Request, res: Response): void => {
      const node = storeNode(String(req.params['store'] ?? ''));
      if (!node) {
        res.status(404).json({ error: 'no deployed mlc-store with that id; deploy the flow first' });
        return;
      }
      node
        .getStore()
        .then((store) => work(store, node, req, res))
        .catch((err: unknown) => {
          if (!res.headersSent) res.status(502).json({ error: toError(err).message });
        });
    };
  }

  RED.httpAdmin.get(`${BASE}/stores`, read, (_req: Request, res: Response) => {
    const stores: StoreView[] = flowNodes('mlc-store').flatMap((def) => {
      const node = storeNode(def.id);
      return node ? [{ id: def.id, name: def.name || '', describe: node.describe() }] : [];
    });
    stores.sort((a, b) => (a.name || a.describe).localeCompare(b.name || b.describe));
    res.json({ stores });
  });

  RED.httpAdmin.get(
    `${BASE}/stores/:store`,
    read,
    withStore(async (store, node, _req, res) => {
      res.json({ id: node.id, name: node.name || '', describe: node.describe(), kind: store.kind, counts: await statusCounts(store) });
    }),
  );

  RED.httpAdmin.get(
    `${BASE}/stores/:store/runs`,
    read,
    withStore(async (store, _node, req, res) => {
      const query = RunsQuerySchema.safeParse(req.query);
      if (!query.success) {
        res.status(400).json({ error: issueText(query.error) });
        return;
      }
      const labels = flowLabels();
      res.json({ runs: await runViews(store, query.data.limit, (flow) => labels.get(flow) ?? null) });
    }),
  );

  RED.httpAdmin.get(
    `${BASE}/stores/:store/records`,
    read,
    withStore(async (store, _node, req, res) => {
      const query = RecordsQuerySchema.safeParse(req.query);
      if (!query.success) {
        res.status(400).json({ error: issueText(query.error) });
        return;
      }
      res.json(await recordPage(store, query.data));
    }),
  );

  // The key goes in the query, not the path: keys hold ':' and may hold '/', which some proxies refuse encoded.
  RED.httpAdmin.get(
    `${BASE}/stores/:store/record`,
    read,
    withStore(async (store, _node, req, res) => {
      const query = RecordQuerySchema.safeParse(req.query);
      if (!query.success) {
        res.status(400).json({ error: issueText(query.error) });
        return;
      }
      const record = await store.get(query.data.key);
      if (!record) {
        res.status(404).json({ error: `no record with key ${query.data.key}` });
        return;
      }
      const flows = flowLabels();
      // Payloads are payroll and personal data: reading the store's records is not enough to see them.
      const showPayload = userHasPermission((req as Request & { user?: unknown }).user, PAYLOAD_PERMISSION);
      res.json({ record: recordDetail(record, { node: nodeLabeler(), flow: (flow) => flows.get(flow) ?? null }, showPayload) });
    }),
  );

  RED.httpAdmin.get(`${BASE}/stores/:store/replay-nodes`, read, (req: Request, res: Response) => {
    const storeId = String(req.params['store'] ?? '');
    if (!storeNode(storeId)) {
      res.status(404).json({ error: 'no deployed mlc-store with that id; deploy the flow first' });
      return;
    }
    res.json({ replayNodes: replayNodeViews(storeId) });
  });

  // "Replay all failed" asks this first, then each flow's own replay node for that flow's records.
  RED.httpAdmin.get(
    `${BASE}/stores/:store/failed-by-flow`,
    read,
    withStore(async (store, node, _req, res) => {
      const tabs = new Map<string, string>();
      RED.nodes.eachNode((def) => {
        const settings = def as FlowNodeSettings;
        if (def.type === 'tab') tabs.set(def.id, typeof settings.label === 'string' && settings.label ? settings.label : def.id);
      });
      res.json({ flows: await failuresByFlow(store, tabs, replayNodeViews(node.id)) });
    }),
  );

  RED.httpAdmin.post(
    `${BASE}/stores/:store/park`,
    write,
    jsonOnly,
    withStore(async (store, node, req, res) => {
      const body = ParkBodySchema.safeParse(req.body ?? {});
      if (!body.success) {
        res.status(400).json({ error: issueText(body.error) });
        return;
      }
      const parked = await store.park(parkFilter(body.data), body.data.reason);
      // The store keeps the reason on each record; the log says who did it, which the store does not.
      const what = body.data.key ? `key ${body.data.key}` : `run ${body.data.runId ?? ''}`;
      RED.log.info(`${PLUGIN_ID}: ${userOf(req)} parked ${parked} record(s) (${what}) in store ${node.name || node.id}: ${body.data.reason}`);
      res.json({ parked });
    }),
  );

  // A claim whose holder is gone (a crashed instance on a shared store, a stuck write) is released by
  // a user who knows it: failed with MLC_CLAIM_RELEASED, so a replay looks the key up before writing.
  RED.httpAdmin.post(
    `${BASE}/stores/:store/release`,
    write,
    jsonOnly,
    withStore(async (store, node, req, res) => {
      const body = ReleaseBodySchema.safeParse(req.body ?? {});
      if (!body.success) {
        res.status(400).json({ error: issueText(body.error) });
        return;
      }
      const released = await store.releaseClaims({ key: body.data.key, status: 'claimed' }, releaseReason(userName(req), body.data.reason));
      RED.log.info(`${PLUGIN_ID}: ${userOf(req)} released ${released} claim(s) (key ${body.data.key}) in store ${node.name || node.id}`);
      res.json({ released });
    }),
  );

  // Node-RED's typings want a plugin type; nothing looks this one up, a sidebar tab needs none.
  RED.plugins.registerPlugin(PLUGIN_ID, { type: 'mlc-editor-sidebar' });
};

/** Admin routes that change the store take JSON only, so a form post from another page cannot reach them. */
function jsonOnly(req: Request, res: Response, next: NextFunction): void {
  if (!req.is('application/json')) {
    res.status(415).json({ error: 'send the request as application/json' });
    return;
  }
  next();
}

function firstOutputWired(wires: unknown): boolean {
  return Array.isArray(wires) && Array.isArray(wires[0]) && wires[0].length > 0;
}

function userName(req: Request): string | null {
  const user = (req as Request & { user?: { username?: unknown } }).user;
  return typeof user?.username === 'string' && user.username ? user.username : null;
}

function userOf(req: Request): string {
  const name = userName(req);
  return name ? `user ${name}` : 'the editor';
}
