// "Test connection" for a Procore config: a token first (a refusal there is the client id or secret),
// then the projects the service account can see in the company (the list every write needs), with the
// rate-limit window Procore reports. A 401 or 403 is explained for a DMSA.
import { isAuthError } from '../auth/errors';
import { isHttpError } from '../http/errors';
import { maskSecrets } from '../util/mask-secrets';
import type { ProcoreClient } from './client';

export interface ProcoreConnectionReport {
  ok: boolean;
  /** The client id or secret was refused (token endpoint), or Procore refused the token (401). */
  unauthorized: boolean;
  message: string;
  token: { ok: boolean; error?: string };
  /** The projects the service account sees (at most `MAX_LISTED`), when the list answered. */
  projects?: Array<{ id: string; name: string; number?: string; active?: boolean }>;
  projectCount?: number;
  rateLimit?: { limit: number; remaining: number; resetsInSeconds: number };
}

const MAX_LISTED = 50;

export async function testProcoreConnection(client: ProcoreClient, options: { signal?: AbortSignal; now?: () => number } = {}): Promise<ProcoreConnectionReport> {
  const secrets = [client.settings.clientSecret];
  const company = client.companyId;
  try {
    await client.token(options.signal);
  } catch (err) {
    const text = maskSecrets(err instanceof Error ? err.message : String(err), secrets);
    const refused = isAuthError(err) && err.code === 'MLC_AUTH_REJECTED';
    return {
      ok: false,
      unauthorized: refused,
      message: refused ? `Procore refused the client id or secret at the token URL: check both, and that they are for this environment. ${text}` : `No token: ${text}`,
      token: { ok: false, error: text },
    };
  }
  try {
    const projects = await client.projects({ status: 'All', ...(options.signal ? { signal: options.signal } : {}) });
    const window = client.rateLimiter.current;
    const now = (options.now ?? Date.now)();
    const listed = projects.slice(0, MAX_LISTED).map((p) => ({
      id: p.id,
      // display_name is Procore's "number - name": the number is shown apart.
      name: p.name ?? p.display_name ?? `project ${p.id}`,
      ...(p.project_number ? { number: p.project_number } : {}),
      ...(typeof p.active === 'boolean' ? { active: p.active } : {}),
    }));
    const shown = listed.map((p) => `${p.number ? `${p.number} ` : ''}${p.name} (${p.id})`).join(', ');
    const more = projects.length > listed.length ? `, and ${projects.length - listed.length} more` : '';
    return {
      ok: true,
      unauthorized: false,
      message:
        projects.length === 0
          ? `token ok; company ${company} answers, but the service account sees no project: the company admin picks its permitted projects when installing the app`
          : `token ok; company ${company}: ${projects.length} project${projects.length === 1 ? '' : 's'} visible: ${shown}${more}`,
      token: { ok: true },
      projects: listed,
      projectCount: projects.length,
      ...(window ? { rateLimit: { limit: window.limit, remaining: window.remaining, resetsInSeconds: Math.max(0, Math.ceil((window.resetAtMs - now) / 1000)) } } : {}),
    };
  } catch (err) {
    const status = isHttpError(err) ? err.status : undefined;
    const said = maskSecrets(err instanceof Error ? err.message : String(err), secrets);
    const message =
      status === 401
        ? `Procore refused the token (401): the client id and secret are for another environment (production, developer or monthly sandbox), or the app was uninstalled`
        : status === 403
          ? `403 on company ${company}: the app is not installed in this company, or the service account lacks access to its projects. ${said}`
          : said;
    return { ok: false, unauthorized: status === 401, message, token: { ok: true } };
  }
}
