// mlc-paylocity-write, updates (onlyChanged, the node's default): two seeded Paylocity employees get a
// new cost center and job title (the job title unique per cell). Protocol per record: GET
// employees/{id} (the employee as Paylocity holds it), then PATCH employees/{id} with only the fields
// that differ. An update has no id of its own to count, so the count per key is the number of employees
// holding the values sent; verify adds that no PATCH follows a look-up made after a PATCH of the same
// employee committed: a rerun or replay of a record already written finds its values and sends nothing.
import type { RequestLogEntry } from '../../../sandbox/kit';
import type { PaylocitySimulator } from '../../../sandbox/paylocity';
import { mapNode, type ProfileContext, type SourceRecord, type WriteNodeProfile } from '../kit';

const PAYLOCITY_CONFIG = 'fm-paylocity';
const ONE_EMPLOYEE = /^\/api\/v2\/companies\/[^/]+\/employees\/([^/]+)$/;
/** Seeded employees (CC-100 in the seed): the records move them to CC-200 and CC-300. */
const SEEDED = [
  { employeeId: '1001', costCenter: 'CC-200' },
  { employeeId: '1002', costCenter: 'CC-300' },
];

interface Sent {
  employeeId: string;
  costCenter: string;
  jobTitle: string;
}

function sentOf(record: Record<string, unknown>): Sent {
  return { employeeId: String(record['id']), costCenter: String(record['costCenter']), jobTitle: String(record['title']) };
}

function employees(ctx: ProfileContext): Array<{ employeeId: string; departmentPosition: { costCenter1: string; jobTitle: string | null } }> {
  return (ctx.target.simulator as PaylocitySimulator).state.employees;
}

function holding(ctx: ProfileContext, sent: Sent): string[] {
  return employees(ctx)
    .filter((e) => e.departmentPosition.costCenter1 === sent.costCenter && e.departmentPosition.jobTitle === sent.jobTitle)
    .map((e) => e.employeeId);
}

/** The route ran and stored the PATCH (answered 2xx, or an after-commit fault replaced the answer). */
function committed(entry: RequestLogEntry): boolean {
  const afterCommit = entry.tags['afterCommit'];
  if (typeof afterCommit === 'number') return afterCommit >= 200 && afterCommit < 300;
  return entry.outcome === 'answered' && entry.status !== null && entry.status >= 200 && entry.status < 300;
}

/**
 * PATCHes sent for an employee already written: after a PATCH of it committed, a look-up must find the
 * values and send nothing, and after one answered 2xx (the node knew it was written) nothing is sent
 * again at all. Only the client's own resend of a PATCH whose answer was lost (no look-up between; a
 * PATCH sets values, so it may) is left alone.
 */
function patchesAfterWritten(log: readonly RequestLogEntry[], employeeId: string): string[] {
  const calls = log.filter((e) => ONE_EMPLOYEE.exec(e.path)?.[1] === employeeId).sort((a, b) => a.seq - b.seq);
  const wrong: string[] = [];
  let committedAt: number | undefined;
  let answeredAt: number | undefined;
  let lookedAfterCommit: number | undefined;
  for (const e of calls) {
    if (e.method === 'GET') {
      if (committedAt !== undefined && lookedAfterCommit === undefined) lookedAfterCommit = e.seq;
      continue;
    }
    if (e.method !== 'PATCH') continue;
    if (answeredAt !== undefined) wrong.push(`${employeeId}: PATCH #${e.seq} after PATCH #${answeredAt} was answered`);
    else if (lookedAfterCommit !== undefined) wrong.push(`${employeeId}: PATCH #${e.seq} after look-up #${lookedAfterCommit} (PATCH #${committedAt} had committed)`);
    if (committed(e)) {
      committedAt ??= e.seq;
      if (e.outcome === 'answered') answeredAt ??= e.seq;
    }
  }
  return wrong;
}

export const paylocityEmployeeUpdatesProfile: WriteNodeProfile = {
  id: 'paylocity-employee-updates',
  title: 'mlc-paylocity-write, updates (read the employee, PATCH only what differs)',
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
      mapNode(ids, 'Odoo employee → Paylocity update', [
        { op: 'copy', target: 'employeeId', from: 'id', type: 'string' },
        { op: 'copy', target: 'departmentPosition.costCenter1', from: 'costCenter', type: 'string' },
        { op: 'copy', target: 'departmentPosition.jobTitle', from: 'title', type: 'string' },
      ]),
      { id: ids.write, type: 'mlc-paylocity-write', name: 'update in Paylocity', paylocity: PAYLOCITY_CONFIG, operation: 'update', onlyChanged: true, wires: [[ids.audit], [ids.audit]] },
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
    return SEEDED.map(({ employeeId, costCenter }, i) => ({
      key: `fm:paylocity-employee-updates:${tag}:${i + 1}`,
      record: { id: employeeId, costCenter, title: `FM ${tag} title ${i + 1}` },
    }));
  },

  isProtocolCall: (entry: RequestLogEntry) => ONE_EMPLOYEE.test(entry.path),

  step: (entry) => ({ label: `${entry.method} employees/:id`, method: entry.method, path: ONE_EMPLOYEE }),

  async targetCounts(ctx, records) {
    const counts: Record<string, number> = {};
    for (const { key, record } of records) counts[key] = holding(ctx, sentOf(record)).length;
    return counts;
  },

  async verify(ctx, records) {
    const problems: string[] = [];
    const wrongHolder: string[] = [];
    for (const { record } of records) {
      const sent = sentOf(record);
      const by = holding(ctx, sent);
      if (by.length > 0 && !by.includes(sent.employeeId)) wrongHolder.push(`${sent.jobTitle} on ${by.join(', ')} (sent for ${sent.employeeId})`);
    }
    if (wrongHolder.length > 0) problems.push(`values on the wrong employee: ${wrongHolder.join(', ')}`);
    // The log was cleared by the cell's reset: it holds this cell's calls only.
    const log = ctx.target.log.entries({});
    const resent = records.flatMap(({ record }) => patchesAfterWritten(log, sentOf(record).employeeId));
    if (resent.length > 0) problems.push(`PATCH sent for an employee already written: ${resent.join('; ')}`);
    return problems;
  },
};
