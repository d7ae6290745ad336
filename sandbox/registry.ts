import type { Simulator } from './kit';
import { LookerSimulator } from './looker';
import { OdooSimulator } from './odoo';
import { PaylocitySimulator } from './paylocity';
import { ProcoreSimulator } from './procore';
import { ServiceNowSimulator } from './servicenow';
import type { SystemName } from './systems';
import { UkgSimulator } from './ukg';

export { SYSTEM_PORTS, SYSTEMS, resolveSystemPort, type SystemName, type SystemPort } from './systems';

/**
 * The simulators that exist. Each system's simulator adds its line here, e.g.
 *   odoo: () => new OdooSimulator(),
 * A factory, not an instance: each start gets fresh seeded data (tests start many sandboxes in one process).
 * Systems missing from this table are printed as "not yet simulated" by the runner.
 */
export const SIMULATORS: Readonly<Partial<Record<SystemName, () => Simulator>>> = {
  odoo: () => new OdooSimulator(),
  ukg: () => new UkgSimulator(),
  paylocity: () => new PaylocitySimulator(),
  procore: () => new ProcoreSimulator(),
  servicenow: () => new ServiceNowSimulator(),
  looker: () => new LookerSimulator(),
};
