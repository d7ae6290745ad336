// mlc-plan-sidebar: the runtime half of the editor's "plans" sidebar tab (a Node-RED plugin). Admin
// routes that list the plans an mlc-store keeps (per run: counts by action), show a run's plan record
// by record (each field that would change), and post a plan as it stands (plan-post.ts). Reading
// needs mlc-store.read, the values mlc-store.payload, posting (JSON only) mlc-store.write.
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { NodeAPI } from 'node-red';
import type { Store } from '../../lib/store/types';
import { jsonOnly } from '../shared/admin-route';
import { toError } from '../shared/errors';
import type { StoreConfigNode } from '../shared/types';
import { issueText, PAYLOAD_PERMISSION, userHasPermission } from './audit-sidebar-views';
import { postPlan } from './plan-post';
import { rerunAsPlan } from './plan-rerun';
import { PlanPostBodySchema, PlanQuerySchema, PlanRerunBodySchema, PlansQuerySchema, planEntryView, planRunView } from './plan-sidebar-views';

const PLUGIN_ID = 'mlc-plan-sidebar';
const BASE = '/mlc-plan-sidebar';
const WRITE_PERMISSION = 'mlc-store.write';

export = function (RED: NodeAPI): void {
  const read = RED.auth.needsPermission('mlc-store.read');
  const write = RED.auth.needsPermission(WRITE_PERMISSION);

  function flowLabels(): Map<string, string> {
    const labels = new Map<string, string>();
    RED.nodes.eachNode((def) => {
      const label = (def as { label?: unknown }).label;
      if (def.type === 'tab' && typeof label === 'string') labels.set(def.id, label);
    });
    return labels;
  }

  /**
   * Runs a route against the store in the path with its checked input (the query of a GET, the body
   * of a POST); Express 4 does not catch a rejected promise, so every failure is answered here.
   */
  function withStore<T>(schema: z.ZodType<T>, work: (store: Store, input: T, req: Request, res: Response) => Promise<void>) {
    return (req: Request, res: Response): void => {
      const node = RED.nodes.getNode(String(req.params['store'] ?? '')) as StoreConfigNode | null;
      if (!node || node.type !== 'mlc-store' || typeof node.getStore !== 'function') {
        res.status(404).json({ error: 'no deployed mlc-store with that id; deploy the flow first' });
        return;
      }
      const input = schema.safeParse(req.method === 'GET' ? req.query : (req.body ?? {}));
      if (!input.success) {
        res.status(400).json({ error: issueText(input.error) });
        return;
      }
      node
        .getStore()
        .then((store) => work(store, input.data, req, res))
        .catch((err: unknown) => {
          if (!res.headersSent) res.status(502).json({ error: toError(err).message });
        });
    };
  }

  const userOf = (req: Request): unknown => (req as Request & { user?: unknown }).user;

  RED.httpAdmin.get(
    `${BASE}/stores/:store/plans`,
    read,
    withStore(PlansQuerySchema, async (store, query, req, res) => {
      const labels = flowLabels();
      const runs = await store.listPlanRuns({ limit: query.limit });
      res.json({ plans: runs.map((run) => planRunView(run, (flow) => labels.get(flow) ?? null)), canPost: userHasPermission(userOf(req), WRITE_PERMISSION) });
    }),
  );

  // The run id goes in the query: run ids hold ':' and may hold '/'.
  RED.httpAdmin.get(
    `${BASE}/stores/:store/plan`,
    read,
    withStore(PlanQuerySchema, async (store, query, req, res) => {
      const { runId, afterKey, limit } = query;
      const entries = await store.listPlanEntries(runId, { limit, ...(afterKey ? { afterKey } : {}) });
      const showValues = userHasPermission(userOf(req), PAYLOAD_PERMISSION);
      res.json({
        runId,
        entries: entries.map((e) => planEntryView(e, showValues)),
        nextAfterKey: entries.length === limit ? entries[entries.length - 1]!.key : null,
        showValues,
      });
    }),
  );

  RED.httpAdmin.post(
    `${BASE}/stores/:store/plan/post`,
    write,
    jsonOnly,
    withStore(PlanPostBodySchema, async (store, body, req, res) => {
      const result = await postPlan(RED, store, body.runId, body.keys);
      const user = (userOf(req) as { username?: unknown } | undefined)?.username;
      RED.log.info(`${PLUGIN_ID}: ${typeof user === 'string' ? `user ${user}` : 'the editor'} posted the plan of run ${body.runId}: ${result.sent} sent, ${result.skipped} unchanged or refused, ${result.notDeployed} with no deployed write node`);
      res.json(result);
    }),
  );

  // A changed mapping, tried on a past run's records: they go through their flow's mapping as a plan.
  RED.httpAdmin.post(
    `${BASE}/stores/:store/plan/rerun`,
    write,
    jsonOnly,
    withStore(PlanRerunBodySchema, async (store, body, _req, res) => {
      res.json(await rerunAsPlan(RED, store, body.runId));
    }),
  );

  RED.plugins.registerPlugin(PLUGIN_ID, { type: 'mlc-editor-sidebar' });
};
