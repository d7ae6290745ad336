// Ids the Procore simulator's seed gives, for tests that write records referring to them.
import type { ProcoreSimulator } from '../../sandbox/procore';

/** A seeded cost code of a project by its full code (`03-300`: segment 300 under division 03). */
export function costCodeId(procore: ProcoreSimulator, projectId: number, full: string): number {
  const [division, segment] = full.split('-');
  const parent = procore.state.costCodes.find((c) => c.project_id === projectId && c.parent_id === null && c.code === division);
  const code = procore.state.costCodes.find((c) => c.project_id === projectId && c.parent_id === parent?.id && c.code === segment);
  if (!code) throw new Error(`no cost code ${full} on project ${projectId}`);
  return code.id;
}

/** The seeded vendor bills and purchase orders name. */
export function acmeVendorId(procore: ProcoreSimulator): number {
  const vendor = procore.state.vendors.find((v) => v.name === 'Acme Lumber Supply');
  if (!vendor) throw new Error('no vendor Acme Lumber Supply');
  return vendor.id;
}
