// mlc-paylocity-write, new hires: two Odoo employees hired into Paylocity with the employee id the map
// derives from the Odoo id. Protocol per hire: GET employees/{id} (the look-up before every POST),
// then POST employees. The count per key is taken by name, in the sandbox's own records, so a second
// hire under another id would show.
import type { RequestLogEntry } from '../../../sandbox/kit';
import type { PaylocitySimulator } from '../../../sandbox/paylocity';
import { mapNode, type ProfileContext, type SourceRecord, type WriteNodeProfile } from '../kit';

const PAYLOCITY_CONFIG = 'fm-paylocity';
const EMPLOYEES = /^\/api\/v2\/companies\/[^/]+\/employees$/;
const ONE_EMPLOYEE = /^\/api\/v2\/companies\/[^/]+\/employees\/[^/]+$/;

function employeesNamed(ctx: ProfileContext, first: string, last: string): Array<{ employeeId: string; departmentPosition: { costCenter1: string } }> {
  const simulator = ctx.target.simulator as PaylocitySimulator;
  return simulator.state.employees.filter((e) => e.firstName === first && e.lastName === last);
}

export const paylocityEmployeesProfile: WriteNodeProfile = {
  id: 'paylocity-employees',
  title: 'mlc-paylocity-write, new hires (look-up by the given employee id, then POST)',
  system: 'paylocity',

  nodes(ctx, ids) {
    return [
      {
        id: PAYLOCITY_CONFIG,
        type: 'mlc-paylocity-config',
        name: 'Paylocity sandbox (fault matrix)',
        environment: 'custom',
        apiBase: '${MLC_SANDBOX_PAYLOCITY_API_BASE}',
        tokenUrl: '${MLC_SANDBOX_PAYLOCITY_TOKEN_URL}',
        companyId: '${MLC_SANDBOX_PAYLOCITY_COMPANY_ID}',
        pageSize: 100,
        concurrency: 2,
        requestsPerSecond: 20,
        timeoutSeconds: ctx.limits.timeoutSeconds,
        maxAttempts: ctx.limits.maxAttempts,
        maxRetrySeconds: ctx.limits.maxRetrySeconds,
      },
      mapNode(ids, 'Odoo employee → Paylocity new hire', [
        { op: 'jsonata', target: 'employeeId', expression: '"F" & tag & "-" & $string(odooId)' },
        { op: 'copy', target: 'firstName', from: 'first', type: 'string' },
        { op: 'copy', target: 'lastName', from: 'last', type: 'string' },
        { op: 'copy', target: 'status.hireDate', from: 'hired', type: 'string' },
        { op: 'copy', target: 'departmentPosition.costCenter1', from: 'costCenter', type: 'string' },
        { op: 'constant', target: 'primaryPayRate.payType', value: 'Salary' },
        { op: 'constant', target: 'primaryPayRate.payFrequency', value: 'B' },
        { op: 'copy', target: 'primaryPayRate.annualSalary', from: 'salary', type: 'number' },
      ]),
      { id: ids.write, type: 'mlc-paylocity-write', name: 'hire in Paylocity', paylocity: PAYLOCITY_CONFIG, operation: 'hire', wires: [[ids.audit], [ids.audit]] },
    ];
  },

  credentials: () => ({
    [PAYLOCITY_CONFIG]: {
      clientId: '${MLC_SANDBOX_PAYLOCITY_CLIENT_ID}',
      clientSecret: '${MLC_SANDBOX_PAYLOCITY_CLIENT_SECRET}',
      webhookUser: '',
      webhookPassword: '',
    },
  }),

  records(_ctx, tag): SourceRecord[] {
    return [1, 2].map((n) => ({
      key: `fm:paylocity-employees:${tag}:${n}`,
      record: { odooId: n, tag, first: `Fm${tag}`, last: `Hire${n}`, hired: '2026-12-01', costCenter: n === 1 ? 'CC-200' : 'CC-300', salary: 60000 + n * 1000 },
    }));
  },

  isProtocolCall: (entry: RequestLogEntry) => EMPLOYEES.test(entry.path) || ONE_EMPLOYEE.test(entry.path),

  step(entry) {
    return EMPLOYEES.test(entry.path)
      ? { label: `${entry.method} employees`, method: entry.method, path: EMPLOYEES }
      : { label: `${entry.method} employees/:id`, method: entry.method, path: ONE_EMPLOYEE };
  },

  async targetCounts(ctx, records) {
    const counts: Record<string, number> = {};
    for (const { key, record } of records) counts[key] = employeesNamed(ctx, String(record['first']), String(record['last'])).length;
    return counts;
  },

  async verify(ctx, records) {
    const wrong: string[] = [];
    for (const { record } of records) {
      const id = `F${String(record['tag'])}-${String(record['odooId'])}`;
      for (const e of employeesNamed(ctx, String(record['first']), String(record['last']))) {
        if (e.employeeId !== id || e.departmentPosition.costCenter1 !== record['costCenter']) wrong.push(`${e.employeeId} cc=${e.departmentPosition.costCenter1}`);
      }
    }
    return wrong.length > 0 ? [`employees not as hired: ${wrong.join(', ')}`] : [];
  },
};
