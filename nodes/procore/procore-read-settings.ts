// The mlc-procore-read editor fields and the trigger message → one read request, free of Node-RED so
// they can be tested alone. Bad settings are reported on the first trigger and in the status.
import { z } from 'zod';
import { ENTITY_INFO, PROCORE_ENTITIES, type ProcoreEntity } from '../../lib/procore/read-run';

export interface ProcoreReadSettings {
  entity: ProcoreEntity;
  mode: 'all' | 'incremental';
  projectIds: string[];
  perPage: number;
  cursorName: string;
  advance: 'audited' | 'sent';
  auditTimeoutMs: number;
  settleSeconds: number;
}

const number = z.union([z.number(), z.string()]).optional();
const fieldsSchema = z.object({
  entity: z.enum(PROCORE_ENTITIES).optional(),
  mode: z.enum(['all', 'incremental']).optional(),
  projects: z.string().optional(),
  perPage: number,
  cursorName: z.string().optional(),
  advance: z.enum(['audited', 'sent']).optional(),
  auditTimeoutSeconds: number,
  settleSeconds: number,
});
export type ProcoreReadFields = z.input<typeof fieldsSchema>;

export class ProcoreReadSettingsError extends Error {
  constructor(
    message: string,
    readonly code = 'MLC_PROCORE_READ_SETTINGS',
  ) {
    super(message);
    this.name = 'ProcoreReadSettingsError';
  }
}

const ids = (text: string | undefined): string[] => (text ?? '').split(/[\s,;]+/).map((s) => s.trim()).filter((s) => s !== '');

export function defaultCursorName(nodeId: string, entity: string): string {
  return `procore-read:${nodeId}:${entity}`;
}

export function procoreReadSettingsFromNode(nodeId: string, raw: unknown): ProcoreReadSettings {
  const parsed = fieldsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProcoreReadSettingsError(`mlc-procore-read: ${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}`);
  }
  const f = parsed.data;
  const entity = f.entity ?? 'vendors';
  const mode = f.mode ?? 'all';
  if (mode === 'incremental' && !ENTITY_INFO[entity].incremental) throw new ProcoreReadSettingsError(`mlc-procore-read: ${entity} cannot be read incrementally (Procore has no updated_at filter on it); choose mode "all"`);
  const projectIds = ids(f.projects);
  const bad = projectIds.find((p) => !/^\d{1,20}$/.test(p));
  if (bad) throw new ProcoreReadSettingsError(`mlc-procore-read: projects: ${JSON.stringify(bad)} is not a Procore project id`);
  return {
    entity,
    mode,
    projectIds,
    perPage: bounded(f.perPage, 100, 1, 2000),
    cursorName: f.cursorName?.trim() || defaultCursorName(nodeId, entity),
    advance: f.advance ?? 'audited',
    auditTimeoutMs: Math.round(bounded(f.auditTimeoutSeconds, 600, 0.05, 86_400) * 1000),
    settleSeconds: f.settleSeconds === undefined || f.settleSeconds === '' ? 0 : bounded(f.settleSeconds, 0, 0, 86_400),
  };
}

function bounded(value: string | number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.min(max, Math.max(min, n)) : fallback;
}

const idText = z.union([z.string().trim().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform(String);
/**
 * What a trigger may carry, at the top of msg or in msg.payload (a webhook's): `entity` (must be the
 * node's), `ids` / `id` to read just those records, `projectId` / `projectIds` to narrow the projects,
 * and `companyId`, which must be the config node's.
 */
const triggerSchema = z.looseObject({
  entity: z.string().nullish(),
  ids: z.array(idText).nullish(),
  id: idText.nullish(),
  projectId: idText.nullish(),
  projectIds: z.array(idText).nullish(),
  companyId: idText.nullish(),
});
type Trigger = z.infer<typeof triggerSchema>;

export interface TriggerNarrowing {
  ids: string[];
  projectIds: string[];
}

export function narrowingFor(s: ProcoreReadSettings, msg: unknown, companyId: string): TriggerNarrowing {
  const parse = (value: unknown, where: string): Trigger => {
    const parsed = triggerSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProcoreReadSettingsError(`mlc-procore-read: ${where}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, 'MLC_PROCORE_READ_BAD_MESSAGE');
    }
    return parsed.data;
  };
  const top = msg && typeof msg === 'object' ? parse(msg, 'msg') : {};
  const payload = msg && typeof msg === 'object' ? (msg as { payload?: unknown }).payload : undefined;
  const inner = payload && typeof payload === 'object' && !Array.isArray(payload) ? parse(payload, 'msg.payload') : {};
  const pick = <K extends keyof Trigger>(key: K): Trigger[K] => top[key] ?? inner[key];
  const company = pick('companyId');
  if (company && company !== companyId) throw new ProcoreReadSettingsError(`mlc-procore-read: the message is about company ${company}, this node reads company ${companyId}`, 'MLC_PROCORE_READ_OTHER_COMPANY');
  const entity = pick('entity');
  if (entity && entity !== s.entity) throw new ProcoreReadSettingsError(`mlc-procore-read: the message asks for ${entity}, this node reads ${s.entity}`, 'MLC_PROCORE_READ_OTHER_ENTITY');
  const given = [...(pick('ids') ?? []), ...(pick('id') ? [pick('id') as string] : [])];
  const projects = [...(pick('projectIds') ?? []), ...(pick('projectId') ? [pick('projectId') as string] : [])];
  return { ids: [...new Set(given)], projectIds: projects.length > 0 ? [...new Set(projects)] : s.projectIds };
}
