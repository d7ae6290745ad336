// The systems mlc-reconcile can read back from: per system, the node setting naming its config node
// and the read-back adapter made from that config node's client (lib/reconcile/read-back.ts). A
// system joins by adding its row here and its config field to reconcile.html.
import type { NodeAPI } from 'node-red';
import { odooReadBack, serviceNowReadBack, type ReadBackAdapter } from '../../lib/reconcile';
import type { OdooConfigNode, ServiceNowConfigNode } from '../shared/types';

export interface ReconcileTarget {
  /** The reconcile node's setting that names the config node, e.g. "odoo". */
  field: string;
  /** The config node's type, for the message when none is chosen. */
  configType: string;
  /** How the user knows the system. */
  label: string;
  /** The adapter reading back through the config node (null when the node is not a usable config node). */
  readBack(config: unknown): ReadBackAdapter | null;
}

function clientOf<C>(config: unknown): C | null {
  const getClient = (config as { getClient?: unknown } | null)?.getClient;
  return typeof getClient === 'function' ? ((getClient as () => C).call(config) as C) : null;
}

export const RECONCILE_TARGETS: Readonly<Record<string, ReconcileTarget>> = {
  odoo: {
    field: 'odoo',
    configType: 'mlc-odoo-config',
    label: 'Odoo',
    readBack: (config) => {
      const client = clientOf<ReturnType<OdooConfigNode['getClient']>>(config);
      return client ? odooReadBack(client) : null;
    },
  },
  servicenow: {
    field: 'servicenow',
    configType: 'mlc-servicenow-config',
    label: 'ServiceNow',
    readBack: (config) => {
      const client = clientOf<ReturnType<ServiceNowConfigNode['getClient']>>(config);
      return client ? serviceNowReadBack(client) : null;
    },
  },
};

/** Flows saved before the node named its system reconciled Odoo. */
export const DEFAULT_RECONCILE_SYSTEM = 'odoo';

export type ReconcileSource = { ok: true; target: ReconcileTarget; adapter: () => ReadBackAdapter } | { ok: false; problem: string };

/** The adapter the node's settings name, or why there is none. */
export function reconcileSourceOf(RED: NodeAPI, def: Record<string, unknown>): ReconcileSource {
  const system = typeof def['system'] === 'string' && def['system'] !== '' ? def['system'] : DEFAULT_RECONCILE_SYSTEM;
  const target = Object.prototype.hasOwnProperty.call(RECONCILE_TARGETS, system) ? RECONCILE_TARGETS[system] : undefined;
  if (!target) return { ok: false, problem: `mlc-reconcile: cannot read back from "${system}"; choose one of ${Object.keys(RECONCILE_TARGETS).join(', ')}` };
  const id = def[target.field];
  const config = typeof id === 'string' && id !== '' ? RED.nodes.getNode(id) : null;
  if (!config) return { ok: false, problem: `mlc-reconcile: choose the ${target.configType} of the system the run wrote to` };
  return {
    ok: true,
    target,
    adapter: () => {
      const adapter = target.readBack(config);
      if (!adapter) throw new Error(`mlc-reconcile: the ${target.configType} node cannot read back`);
      return adapter;
    },
  };
}
