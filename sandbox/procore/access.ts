import { HttpError, type SandboxClock, type SandboxRequest } from '../kit';
import type { ServiceAccount } from './accounts';
import type { TokenStore } from './auth';
import type { Project } from './model';
import type { WireOptions } from './options';
import type { ProcoreState } from './state';
import type { ChangeEvent, HookDispatcher } from './webhooks';
import { forbidden, notFound, validationError } from './wire';

export interface RouteContext {
  state: ProcoreState;
  tokens: TokenStore;
  hooks: HookDispatcher;
  clock: () => SandboxClock;
  options: () => WireOptions;
}

export interface Caller {
  account: ServiceAccount;
  /** From `Procore-Company-Id`; null only where the header is optional. */
  companyId: number | null;
}

export const MISSING_COMPANY_HEADER = 'Missing Procore-Company-Id header! Please include the Procore-Company-Id header with the ID of the company you are working in.';

/** Token, then the `Procore-Company-Id` header (C.3): missing → 400 or 403 (option), unknown company → 404, app not installed there → 403. */
export function authorize(request: SandboxRequest, ctx: RouteContext, headerOptional = false): Caller {
  const account = ctx.tokens.require(request);
  const raw = request.header('procore-company-id');
  if (raw === undefined || raw.trim() === '') {
    if (headerOptional) return { account, companyId: null };
    if (ctx.options().missingCompanyHeaderStatus === 403) throw new HttpError(403, { error: 'forbidden', message: MISSING_COMPANY_HEADER });
    throw validationError(400, MISSING_COMPANY_HEADER);
  }
  const companyId = companyIn(ctx, account, raw);
  request.annotate({ companyId });
  return { account, companyId };
}

function companyIn(ctx: RouteContext, account: ServiceAccount, raw: string | number): number {
  const companyId = Number(raw);
  if (!Number.isSafeInteger(companyId) || !ctx.state.companies.some((company) => company.id === companyId)) throw notFound('Company');
  if (!account.companies.includes(companyId)) throw forbidden('App is not connected to this company');
  return companyId;
}

/** A company-scoped call's `company_id` (query or body): required, visible, installed. */
export function companyParam(request: SandboxRequest, ctx: RouteContext, caller: Caller, body?: { company_id?: unknown }): number {
  const raw = request.query.get('company_id') ?? (body?.company_id as string | number | undefined);
  if (raw === undefined || raw === null || raw === '') throw validationError(400, { company_id: ['is missing'] });
  return companyIn(ctx, caller.account, raw);
}

/** A project the caller may use: 404 if it does not exist in the caller's company, 403 if the service account is not permitted on it. */
export function projectAccess(request: SandboxRequest, ctx: RouteContext, caller: Caller, raw: unknown): Project {
  if (raw === undefined || raw === null || raw === '') throw validationError(400, { project_id: ['is missing'] });
  const projectId = Number(raw);
  const project = ctx.state.projects.find((candidate) => candidate.id === projectId);
  if (!project || project.company_id !== caller.companyId) throw notFound('Project');
  if (!caller.account.projects.includes(project.id)) throw forbidden('You do not have access to this project');
  request.annotate({ projectId: project.id });
  return project;
}

/** `project_id` from the query or the body. */
export function projectParam(request: SandboxRequest, ctx: RouteContext, caller: Caller, body?: { project_id?: unknown }): Project {
  return projectAccess(request, ctx, caller, request.query.get('project_id') ?? body?.project_id);
}

/** A change made through the API by this caller: saved (revision) and announced to hooks. */
export function announce(ctx: RouteContext, caller: Caller, event: Omit<ChangeEvent, 'userId' | 'applicationId'>): void {
  ctx.state.touch();
  void ctx.hooks.changed({ ...event, userId: caller.account.userId, applicationId: caller.account.clientId });
}
