// What the Procore profiles share: the config node (the kit's short limits, the sandbox's service
// account through MLC_SANDBOX_PROCORE_*), its credentials, and the protocol calls of mlc-procore-write
// told apart by path (the query, e.g. `filters[origin_id]`, is not part of the path).
import type { RequestLogEntry } from '../../../sandbox/kit';
import type { ProcoreSimulator } from '../../../sandbox/procore';
import type { FlowNode } from '../../support/e2e';
import type { ProfileContext, ProtocolStep } from '../kit';

export const PROCORE_CONFIG = 'fm-procore';
/** PRJ-1001 Riverside Medical Center (seeded). */
export const PROJECT_NUMBER = 'PRJ-1001';

export function procoreConfigNode(ctx: ProfileContext): FlowNode {
  return {
    id: PROCORE_CONFIG,
    type: 'mlc-procore-config',
    name: 'Procore sandbox (fault matrix)',
    environment: 'custom',
    apiBase: '${MLC_SANDBOX_PROCORE_API_BASE}',
    tokenUrl: '${MLC_SANDBOX_PROCORE_TOKEN_URL}',
    companyId: '${MLC_SANDBOX_PROCORE_COMPANY_ID}',
    perPage: 100,
    concurrency: 2,
    timeoutSeconds: ctx.limits.timeoutSeconds,
    maxAttempts: ctx.limits.maxAttempts,
    maxRetrySeconds: ctx.limits.maxRetrySeconds,
  };
}

export const procoreCredentials = (): Record<string, Record<string, string>> => ({
  [PROCORE_CONFIG]: { clientId: '${MLC_SANDBOX_PROCORE_CLIENT_ID}', clientSecret: '${MLC_SANDBOX_PROCORE_CLIENT_SECRET}' },
});

export function procore(ctx: ProfileContext): ProcoreSimulator {
  return ctx.target.simulator as ProcoreSimulator;
}

/** A protocol step per path pattern: `[label, pattern]`, the first that matches names the call. */
export function stepBy(entry: RequestLogEntry, paths: ReadonlyArray<readonly [string, RegExp]>): ProtocolStep {
  for (const [label, path] of paths) if (path.test(entry.path)) return { label: `${entry.method} ${label}`, method: entry.method, path };
  return { label: `${entry.method} ${entry.path}`, method: entry.method, path: new RegExp(`^${entry.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) };
}

/** Seeded ids the commitment and direct-cost profiles map to (the same after every reset: the seed is fixed). */
export interface ProcoreIds {
  projectId: number;
  /** Cost code ids by full code (`03-300`) in the project. */
  costCodes: Record<string, number>;
  /** Line item type ids by code (`M`). */
  lineItemTypes: Record<string, number>;
  /** A seeded vendor's id (Acme Lumber Supply). */
  vendorId: number;
}

/** The ids prepare() kept in the context (every Procore profile keeps `seededIds` there). */
export function preparedIds(ctx: ProfileContext): ProcoreIds {
  const known = ctx.state['procore'] as ProcoreIds | undefined;
  if (!known) throw new Error('prepare() did not run');
  return known;
}

export function seededIds(ctx: ProfileContext): ProcoreIds {
  const state = procore(ctx).state;
  const project = state.projects.find((p) => p.project_number === PROJECT_NUMBER);
  if (!project) throw new Error(`no project ${PROJECT_NUMBER} in the Procore sandbox`);
  const codes = state.costCodes.filter((c) => c.project_id === project.id && c.deleted_at === null);
  const costCodes: Record<string, number> = {};
  for (const c of codes) {
    const parent = codes.find((p) => p.id === c.parent_id);
    costCodes[parent ? `${parent.code}-${c.code}` : c.code] = c.id;
  }
  const lineItemTypes = Object.fromEntries(state.lineItemTypes.map((t) => [t.code, t.id]));
  const vendor = state.vendors.find((v) => v.name === 'Acme Lumber Supply');
  if (!vendor) throw new Error('no vendor Acme Lumber Supply in the Procore sandbox');
  return { projectId: project.id, costCodes, lineItemTypes, vendorId: vendor.id };
}
