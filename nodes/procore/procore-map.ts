// mlc-procore-map: puts Procore ids on a record shaped for Procore that still holds Odoo references:
// the project of its analytic account, and each line's cost code and line item type from its account or
// product category, by a table edited in the node or loaded from a message. What Procore holds
// (projects, line item types, each used project's cost codes) is read once per deploy or table load; a
// record with an unknown project or cost code leaves by output 2 with msg.error (for mlc-audit), before
// anything is written. The rules live in lib/procore/project-map.ts.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { ProcoreClient } from '../../lib/procore/client';
import { checkMap, DEFAULT_MAP_FIELDS, parseMapRows, ProcoreCatalog, ProjectMap, ProjectMapError, procoreCostCodeSchema, procoreLineItemTypeSchema, procoreProjectSchema, resolveRecord, type MapFields } from '../../lib/procore/project-map';
import { toError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { NodeStatus } from '../shared/status';
import type { MlcMessage } from '../shared/types';

interface MapNodeFields {
  procore?: string;
  rows?: unknown;
  projectRef?: string;
  lines?: string;
  accountRef?: string;
  categoryRef?: string;
  productRef?: string;
}

interface ProcoreClientSource {
  getClient(): ProcoreClient;
}

const LOAD_TOPIC = 'procore/map';

export = function (RED: NodeAPI): void {
  function MlcProcoreMapNode(this: Node, def: NodeDef & MapNodeFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const stop = new AbortController();
    const fields: MapFields = {
      projectRef: def.projectRef?.trim() || DEFAULT_MAP_FIELDS.projectRef,
      lines: def.lines === undefined ? DEFAULT_MAP_FIELDS.lines : def.lines.trim(),
      accountRef: def.accountRef?.trim() || DEFAULT_MAP_FIELDS.accountRef,
      categoryRef: def.categoryRef?.trim() || DEFAULT_MAP_FIELDS.categoryRef,
      productRef: def.productRef?.trim() || DEFAULT_MAP_FIELDS.productRef,
    };
    const config = def.procore ? (RED.nodes.getNode(def.procore) as (Node & Partial<ProcoreClientSource>) | null) : null;
    let map: ProjectMap | null = null;
    let setupError: Error | null = null;
    try {
      map = new ProjectMap(parseMapRows(def.rows ?? [], 'the table'));
    } catch (err) {
      setupError = toError(err);
    }
    let catalog: ProcoreCatalog | null = null;
    let checked: Promise<void> | null = null;
    let resolved = 0;
    let failed = 0;

    const catalogOf = (): ProcoreCatalog => {
      if (catalog) return catalog;
      if (!config || typeof config.getClient !== 'function') throw new ProjectMapError('mlc-procore-map: no Procore connection configured; choose an mlc-procore-config node', 'MLC_PROCORE_NO_CONFIG');
      const client = config.getClient();
      const all = async <T>(path: string, query: Record<string, string>, parse: (row: unknown) => T, signal?: AbortSignal): Promise<T[]> => {
        const out: T[] = [];
        for await (const page of client.pages<unknown>(path, query, signal ? { signal } : {})) out.push(...page.map(parse));
        return out;
      };
      catalog = new ProcoreCatalog({
        projects: (signal) => all('/rest/v1.0/projects', { company_id: client.companyId, 'filters[by_status]': 'All' }, (r) => procoreProjectSchema.parse(r), signal),
        lineItemTypes: (signal) => all('/rest/v1.0/line_item_types', { company_id: client.companyId }, (r) => procoreLineItemTypeSchema.parse(r), signal),
        costCodes: (projectId, signal) => all('/rest/v1.0/cost_codes', { project_id: projectId }, (r) => procoreCostCodeSchema.parse(r), signal),
      });
      return catalog;
    };

    /** The whole table against Procore, once per deploy or load: each problem is a warning; records that use a bad row fail. */
    const checkOnce = (current: ProjectMap): Promise<void> => {
      checked ??= checkMap(current, catalogOf(), stop.signal).then(
        (result) => {
          for (const problem of result.problems) node.warn(`mlc-procore-map: ${problem.message}`);
          status.set(result.problems.length > 0 ? 'waiting' : 'ok', result.problems.length > 0 ? `${result.problems.length} rows unknown to Procore` : `${current.size} rows checked`);
        },
        (err: unknown) => {
          checked = null;
          throw err;
        },
      );
      return checked;
    };

    if (setupError) status.set('error', 'invalid table');
    else if (!config) status.set('error', 'no Procore config');
    else status.set('idle', `${map?.size ?? 0} rows`);

    onInput<MlcMessage>(node, status, async (msg, send, done) => {
      if (msg.topic === LOAD_TOPIC) {
        map = new ProjectMap(parseMapRows(msg.payload, 'msg.payload'));
        setupError = null;
        catalog?.reset();
        checked = null;
        await checkOnce(map);
        done();
        return;
      }
      if (setupError) throw setupError;
      const current = map as ProjectMap;
      await checkOnce(current);
      try {
        const resolution = await resolveRecord(current, catalogOf(), msg.payload, fields, stop.signal);
        msg.payload = resolution.record;
        msg['procore'] = { project: resolution.project, lines: resolution.lines };
        resolved++;
        status.set('ok', `${resolved} mapped${failed > 0 ? `, ${failed} refused` : ''}`);
        send([msg, null]);
        done();
      } catch (err) {
        if (!(err instanceof ProjectMapError)) throw err;
        failed++;
        status.set('waiting', `${resolved} mapped, ${failed} refused`);
        msg['error'] = { message: err.message, code: err.code, source: { id: node.id, type: 'mlc-procore-map', name: def.name } };
        send([null, msg]);
        done();
      }
    });

    onClose(node, () => {
      stop.abort(new Error('mlc-procore-map: stopped by a redeploy'));
      status.clear();
    });
  }

  RED.nodes.registerType('mlc-procore-map', MlcProcoreMapNode as unknown as (this: Node, def: NodeDef) => void);
};
