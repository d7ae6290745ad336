import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HttpError, json, type Router, type SandboxClock } from '../../kit';
import { DEMO_TENANT } from '../accounts';
import type { TokenStore } from '../oauth';
import type { UkgState } from '../state';
import { ukgDateTime } from '../wire/dates';

const newHire = z.object({
  contactInformation: z.object({
    name: z.object({ first: z.string().min(1), middle: z.string().nullish(), last: z.string().min(1), preferredFirst: z.string().nullish() }),
    emailAddress: z.string().email(),
    primaryPhone: z.string().nullish(),
  }),
  hireDate: z.string().min(1),
  startDate: z.string().nullish(),
  job: z.object({ code: z.string().min(1) }).passthrough().nullish(),
  organizationLevels: z.array(z.object({ level: z.number().int().min(1).max(4), code: z.string().min(1) })).nullish(),
  compensation: z.record(z.string(), z.unknown()).nullish(),
});

/**
 * Onboarding new hires: the sandbox's one API behind the OAuth token (the core APIs take Basic), so
 * clients can exercise the client-credentials path. Errors use Onboarding's problem+json shape.
 */
export function registerOnboarding(router: Router, state: UkgState, tokens: TokenStore, clock: () => SandboxClock): void {
  const checkTenant = (tenant: string): void => {
    if (tenant.toLowerCase() !== DEMO_TENANT) throw new HttpError(404, { title: 'Resource not found error', type: 'https://www.ultimatesoftware.com/error.onboarding.not-found-error', general: { type: 'error.onboarding.tenant.not-found-error', message: `Tenant '${tenant}' was not found.` } });
  };

  router.post('/tenants/:tenant/new-hires', async (request) => {
    tokens.require(request, request.params.tenant);
    checkTenant(request.params.tenant);
    request.annotate({ resource: 'new-hires' });
    const parsed = newHire.safeParse(await request.json());
    if (!parsed.success) {
      const modelState = Object.fromEntries(
        parsed.error.issues.map((issue) => [issue.path.join('.'), [{ type: `error.onboarding.new-hires.${issue.path.join('.')}.invalid`, message: issue.message }]]),
      );
      throw new HttpError(400, { title: 'One or more validation errors have occurred', type: 'https://www.ultimatesoftware.com/error.onboarding.validation-error', errors: { modelState, general: null } });
    }
    const id = randomUUID();
    const record = { id, ...parsed.data, status: 'InProgress', createdAt: ukgDateTime(clock().nowMs()) };
    state.newHires.set(id, record);
    return json(record, { status: 201, headers: { location: `${request.origin}/tenants/${request.params.tenant}/new-hires/${id}` } });
  });

  router.get('/tenants/:tenant/new-hires/:id', (request) => {
    tokens.require(request, request.params.tenant);
    checkTenant(request.params.tenant);
    request.annotate({ resource: 'new-hires' });
    const record = state.newHires.get(request.params.id);
    if (!record) {
      throw new HttpError(404, { title: 'Resource not found error', type: 'https://www.ultimatesoftware.com/error.onboarding.not-found-error', general: { type: 'error.onboarding.new-hires.not-found-error', message: `A New Hire with the Id: ${request.params.id} was not found.` } });
    }
    return json(record, { headers: { location: `${request.origin}/tenants/${request.params.tenant}/new-hires/${request.params.id}` } });
  });
}
