// Paylocity's read-back: each written employee by its id. WebLink has no read of many employees by id
// (its list answers ids and status only, company-wide, and the NextGen list pages the whole company),
// so a page costs one GET per employee, paced by the config node's client like every other call.
import type { PaylocityClient } from '../paylocity';
import type { ReadBackAdapter } from './read-back';
import { recordLine, refuseLines } from './record-line';

type EmployeeReader = Pick<PaylocityClient, 'getEmployee'>;

export function paylocityReadBack(client: EmployeeReader): ReadBackAdapter {
  return {
    system: 'paylocity',
    callsPerRecord: true,
    async readPage(records, spec) {
      refuseLines(spec, 'Paylocity employees');
      const found = await Promise.all(records.map(async ({ target }) => ({ id: target.id, employee: await client.getEmployee(target.id) })));
      // An employee Paylocity answers 404 for yields no line: the record counts as missing.
      return found.flatMap(({ id, employee }) => (employee ? [recordLine(id, employee, spec, 'Paylocity')] : []));
    },
  };
}
