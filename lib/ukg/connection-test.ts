// "Test connection" for a UKG config: one cheap call per web service the pack reads from, so the
// answer says which roles the service account has and, for each 403, which one to ask the UKG
// administrator for. A 401 ends the test: every other call would fail the same way.
import { oauth2TokenCache } from '../auth/oauth2';
import { isHttpError } from '../http/errors';
import { maskSecrets } from '../util/mask-secrets';
import type { UkgClient } from './client';
import { roleFor } from './roles';

export interface ServiceCheck {
  service: string;
  /** What the pack uses this web service for. */
  usedFor: string;
  endpoint: string;
  ok: boolean;
  status: number | null;
  /** For a 403: the role the service account lacks. */
  missingRole?: string;
  error?: string;
}

export interface ConnectionReport {
  ok: boolean;
  /** The user name, password or customer API key was refused. */
  unauthorized: boolean;
  message: string;
  checks: ServiceCheck[];
  oauth: { ok: boolean; error?: string } | null;
}

interface Probe {
  service: string;
  usedFor: string;
  path: string;
  query: Record<string, string | number | boolean>;
}

function probes(now: Date): Probe[] {
  const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
  return [
    { service: 'Company Configuration Integration', usedFor: 'org levels, jobs, company details', path: '/configuration/v1/company-details', query: {} },
    { service: 'Personnel Integration', usedFor: 'employee list (employment details)', path: '/personnel/v1/employment-details', query: { page: 1, per_Page: 1 } },
    { service: 'Employee Person Details', usedFor: 'employee names and contact', path: '/personnel/v1/person-details', query: { page: 1, per_Page: 1 } },
    { service: 'Employee Compensation Details', usedFor: 'employee pay rates', path: '/personnel/v1/compensation-details', query: { page: 1, per_Page: 1 } },
    // Explicit dates: a call without them would move UKG's own "since the last call" window.
    { service: 'EmployeeExport', usedFor: 'employee delta (employee-changes)', path: '/personnel/v1/employee-changes', query: { startDate: hourAgo, endDate: now.toISOString(), page: 1, per_page: 1 } },
    { service: 'Payroll Integration', usedFor: 'payroll GL, pay register', path: '/payroll/v2/general-ledger', query: { mostRecent: true, page: 1, per_Page: 1 } },
  ];
}

export async function testUkgConnection(client: UkgClient, options: { now?: Date; signal?: AbortSignal } = {}): Promise<ConnectionReport> {
  const secrets = secretsOf(client);
  const checks: ServiceCheck[] = [];
  for (const probe of probes(options.now ?? new Date())) {
    const check = await runProbe(client, probe, secrets, options.signal);
    checks.push(check);
    if (check.status === 401) {
      return {
        ok: false,
        unauthorized: true,
        message: `UKG refused the credentials (401): check the user name, password and US-Customer-Api-Key of the web service account${check.error ? `. UKG said: ${check.error}` : ''}`,
        checks,
        oauth: null,
      };
    }
  }
  const oauth = client.settings.oauth ? await tokenCheck(client, secrets) : null;
  const missing = checks.filter((c) => !c.ok);
  const ok = missing.length === 0 && (oauth === null || oauth.ok);
  const parts = [
    `${checks.length - missing.length} of ${checks.length} web services answer`,
    ...missing.map((c) => (c.missingRole ? `${c.service}: the account needs the ${c.missingRole} role` : `${c.service}: ${c.error ?? `status ${c.status}`}`)),
    ...(oauth ? [oauth.ok ? 'OAuth token: ok' : `OAuth token: ${oauth.error ?? 'failed'}`] : []),
  ];
  return { ok, unauthorized: false, message: parts.join('; '), checks, oauth };
}

async function runProbe(client: UkgClient, probe: Probe, secrets: string[], signal: AbortSignal | undefined): Promise<ServiceCheck> {
  const base = { service: probe.service, usedFor: probe.usedFor, endpoint: `GET ${probe.path}` };
  try {
    // 404 is UKG's "no records": the role works.
    const response = await client.request<unknown>({ method: 'GET', path: probe.path, query: probe.query, acceptStatuses: [404], ...(signal ? { signal } : {}) });
    return { ...base, ok: true, status: response.status };
  } catch (err) {
    if (!isHttpError(err)) return { ...base, ok: false, status: null, error: maskSecrets(err instanceof Error ? err.message : String(err), secrets) };
    const status = err.status ?? null;
    const missingRole = status === 403 ? roleFor('GET', probe.path) : undefined;
    const said = maskSecrets(err.systemMessage ?? err.message, secrets);
    return { ...base, ok: false, status, ...(missingRole ? { missingRole } : {}), error: said };
  }
}

async function tokenCheck(client: UkgClient, secrets: string[]): Promise<{ ok: boolean; error?: string }> {
  const oauth = client.settings.oauth;
  if (!oauth) return { ok: true };
  const cache = oauth2TokenCache({
    configName: client.configName,
    tokenUrl: oauth.tokenUrl,
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    timeoutMs: client.settings.timeoutMs,
    ...(oauth.scope ? { scope: oauth.scope } : {}),
  });
  try {
    await cache.token();
    return { ok: true };
  } catch (err) {
    return { ok: false, error: maskSecrets(err instanceof Error ? err.message : String(err), [...secrets, oauth.clientSecret]) };
  }
}

function secretsOf(client: UkgClient): string[] {
  const s = client.settings;
  return [s.password, s.customerApiKey, s.userApiKey, s.oauth?.clientSecret].filter((v): v is string => typeof v === 'string' && v !== '');
}
