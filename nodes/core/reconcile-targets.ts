// The systems mlc-reconcile can read back from: per system, the node setting naming its config node
// and the read-back adapter made from that config node's client (lib/reconcile/read-back.ts). A
// system joins by adding its row here and its config field to reconcile.html.
import type { NodeAPI } from 'node-red';
import { odooReadBack, paylocityReadBack, procoreReadBack, serviceNowReadBack, ukgReadBack, warehouseReadBack, type ReadBackAdapter } from '../../lib/reconcile';
import type { OdooConfigNode, PaylocityConfigNode, ProcoreConfigNode, ServiceNowConfigNode, UkgConfigNode, WarehouseConfigNode } from '../shared/types';

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

/** A target read back through its config node's client (none when the node has no usable client). */
function throughClient<C>(field: string, configType: string, label: string, adapter: (client: C) => ReadBackAdapter): ReconcileTarget {
  return {
    field,
    configType,
    label,
    readBack: (config) => {
      const getClient = (config as { getClient?: unknown } | null)?.getClient;
      return typeof getClient === 'function' ? adapter((getClient as () => C).call(config)) : null;
    },
  };
}

export const RECONCILE_TARGETS: Readonly<Record<string, ReconcileTarget>> = {
  odoo: throughClient<ReturnType<OdooConfigNode['getClient']>>('odoo', 'mlc-odoo-config', 'Odoo', odooReadBack),
  procore: throughClient<ReturnType<ProcoreConfigNode['getClient']>>('procore', 'mlc-procore-config', 'Procore', procoreReadBack),
  paylocity: throughClient<ReturnType<PaylocityConfigNode['getClient']>>('paylocity', 'mlc-paylocity-config', 'Paylocity', paylocityReadBack),
  ukg: throughClient<ReturnType<UkgConfigNode['getClient']>>('ukg', 'mlc-ukg-config', 'UKG', ukgReadBack),
  servicenow: throughClient<ReturnType<ServiceNowConfigNode['getClient']>>('servicenow', 'mlc-servicenow-config', 'ServiceNow', serviceNowReadBack),
  warehouse: {
    field: 'warehouse',
    configType: 'mlc-warehouse-config',
    label: 'Warehouse',
    readBack: (config) => {
      const getClient = (config as { getClient?: unknown } | null)?.getClient;
      if (!config || typeof getClient !== 'function') return null;
      const handle = (getClient as () => ReturnType<WarehouseConfigNode['getClient']>).call(config);
      // One adapter per config node: it keeps each table's key columns, read from the catalog once per deploy.
      let adapter = warehouseAdapters.get(config);
      if (!adapter) warehouseAdapters.set(config, (adapter = warehouseReadBack(() => handle.warehouse())));
      return adapter;
    },
  },
};

const warehouseAdapters = new WeakMap<object, ReadBackAdapter>();

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
