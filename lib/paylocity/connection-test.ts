// "Test connection" for a Paylocity config: a token first (a refusal there is the client id or secret),
// then one cheap call per WebLink API the flows use, so the answer says which work and, for each 403,
// that the client is not provisioned for that company or resource. A 401 ends the test.
import { isAuthError } from '../auth/errors';
import { isHttpError } from '../http/errors';
import { maskSecrets } from '../util/mask-secrets';
import type { PaylocityClient } from './client';

export interface ApiCheck {
  api: string;
  /** What the pack uses this API for. */
  usedFor: string;
  endpoint: string;
  ok: boolean;
  status: number | null;
  /** Set when the check did not run (the employee list gave no employee to ask about). */
  skipped?: string;
  error?: string;
}

export interface PaylocityConnectionReport {
  ok: boolean;
  /** The client id or secret was refused (token endpoint), or Paylocity refused the token (401). */
  unauthorized: boolean;
  message: string;
  token: { ok: boolean; error?: string };
  checks: ApiCheck[];
}

interface Probe {
  api: string;
  usedFor: string;
  /** Under /v2/companies/{companyId}. */
  path: string;
  query: Record<string, string | number | boolean>;
  /** Needs an employee id (the first of the list). */
  perEmployee?: boolean;
  /** 404 is an answer here (no statements this year): the API works. */
  notFoundOk?: boolean;
}

function probes(year: number): Probe[] {
  return [
    { api: 'Employees (list)', usedFor: 'employee reads, polling backup', path: '/employees', query: { pagesize: 1, pagenumber: 0, includetotalcount: true } },
    { api: 'Company codes', usedFor: 'cost centers (costcenter1)', path: '/codes/costcenter1', query: {} },
    { api: 'Company codes', usedFor: 'positions', path: '/codes/positions', query: {} },
    { api: 'Employee', usedFor: 'employee details, new hires and updates', path: '/employees/{employeeId}', query: {}, perEmployee: true },
    { api: 'Pay statements', usedFor: `summaries (${year})`, path: `/employees/{employeeId}/paystatement/summary/${year}`, query: { pagesize: 1, pagenumber: 0 }, perEmployee: true, notFoundOk: true },
    { api: 'Pay statements', usedFor: `details for the payroll journal (${year})`, path: `/employees/{employeeId}/paystatement/details/${year}`, query: { pagesize: 1, pagenumber: 0 }, perEmployee: true, notFoundOk: true },
  ];
}

export async function testPaylocityConnection(client: PaylocityClient, options: { now?: Date; signal?: AbortSignal } = {}): Promise<PaylocityConnectionReport> {
  const secrets = secretsOf(client);
  const company = client.companyId;
  try {
    await client.token(options.signal);
  } catch (err) {
    const text = maskSecrets(err instanceof Error ? err.message : String(err), secrets);
    const refused = isAuthError(err) && err.code === 'MLC_AUTH_REJECTED';
    return {
      ok: false,
      unauthorized: refused,
      message: refused ? `Paylocity refused the client id or secret at the token URL: check both, and that they are for this environment. ${text}` : `No token: ${text}`,
      token: { ok: false, error: text },
      checks: [],
    };
  }

  const checks: ApiCheck[] = [];
  let employeeId: string | undefined;
  for (const probe of probes((options.now ?? new Date()).getUTCFullYear())) {
    const base = { api: probe.api, usedFor: probe.usedFor, endpoint: `GET /v2/companies/${company}${probe.path}` };
    if (probe.perEmployee && employeeId === undefined) {
      checks.push({ ...base, ok: true, status: null, skipped: 'no employee in the list to ask about' });
      continue;
    }
    const path = client.companyPath(probe.path.replace('{employeeId}', encodeURIComponent(employeeId ?? '')));
    try {
      const response = await client.request<unknown>({ method: 'GET', path, query: probe.query, ...(probe.notFoundOk ? { acceptStatuses: [404] } : {}), ...(options.signal ? { signal: options.signal } : {}) });
      if (probe.path === '/employees' && Array.isArray(response.data)) {
        const first = response.data[0] as { employeeId?: unknown } | undefined;
        if (first && (typeof first.employeeId === 'string' || typeof first.employeeId === 'number')) employeeId = String(first.employeeId);
      }
      checks.push({ ...base, endpoint: base.endpoint.replace('{employeeId}', employeeId ?? '{employeeId}'), ok: true, status: response.status });
    } catch (err) {
      const status = isHttpError(err) ? (err.status ?? null) : null;
      const said = maskSecrets(isHttpError(err) ? (err.systemMessage ?? err.message) : err instanceof Error ? err.message : String(err), secrets);
      const error =
        status === 403
          ? `403: the API client is not provisioned for company ${company} or for this resource (Paylocity sets a client's companies and resources when it issues it)`
          : status === 401
            ? '401: Paylocity refused the token: the client id and secret are for another environment, or were revoked'
            : said;
      checks.push({ ...base, ok: false, status, error });
      if (status === 401) {
        return { ok: false, unauthorized: true, message: `Paylocity refused the token (401): the client id and secret of this config node are for another environment (production or testing), or the secret expired`, token: { ok: true }, checks };
      }
    }
  }
  const ran = checks.filter((c) => !c.skipped);
  const failed = ran.filter((c) => !c.ok);
  const skipped = checks.length - ran.length;
  const forbidden = failed.filter((c) => c.status === 403);
  const parts = [
    `token ok; ${ran.length - failed.length} of ${ran.length} calls answer${skipped > 0 ? ` (${skipped} skipped: no employee to ask about)` : ''}`,
    ...(failed.length > 0 && forbidden.length === ran.length
      ? [`403 everywhere: the API client is not provisioned for company ${company}`]
      : failed.map((c) => `${c.api} (${c.usedFor}): ${c.error ?? `status ${c.status}`}`)),
    'writes (new hire, update) are not tried: they would change data',
  ];
  return { ok: failed.length === 0, unauthorized: false, message: parts.join('; '), token: { ok: true }, checks };
}

function secretsOf(client: PaylocityClient): string[] {
  const { clientId, clientSecret } = client.settings;
  return [clientSecret, Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')].filter((v) => v !== '');
}
