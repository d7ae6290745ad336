import { z } from 'zod';
import type { OrgLevelWrite } from './configuration';

/**
 * One org level as a message brings it (usually mapped from an Odoo analytic account), checked only
 * as far as this pack needs to build the request: UKG itself validates lengths and the rest, and
 * its per-item modelstate says what is wrong far better than a guess here would.
 */
export type OrgLevelOperation = 'create' | 'update' | 'upsert';
export const ORG_LEVEL_OPERATIONS: readonly OrgLevelOperation[] = ['create', 'update', 'upsert'];

/** level, code and levelDescription are the key in UKG and cannot be changed by an update. */
const KEY_FIELDS = new Set(['level', 'code', 'levelDescription']);

const levelSchema = z
  .union([z.number(), z.string().trim().regex(/^\d+$/, 'a whole number')])
  .transform((value) => Number(value))
  .pipe(z.number().int().min(1, 'org levels are numbered from 1'));

const orgLevelSchema = z
  .object({
    level: levelSchema,
    code: z.string().trim().min(1, 'a code is required'),
    description: z.string().optional(),
    glSegment: z.string().nullish(),
    isActive: z.boolean().nullish(),
  })
  .passthrough();

export interface OrgLevelRequest {
  operation: OrgLevelOperation;
  level: number;
  code: string;
  /** The body of a create (POST item). */
  record: OrgLevelWrite;
  /** The body of an update (PATCH): every field but the key. */
  changes: Record<string, unknown>;
}

export class OrgLevelInputError extends Error {
  readonly code = 'MLC_UKG_WRITE_BAD_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'OrgLevelInputError';
  }
}

export function parseOperation(value: unknown, fallback: OrgLevelOperation): OrgLevelOperation {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'string' && (ORG_LEVEL_OPERATIONS as readonly string[]).includes(value)) return value as OrgLevelOperation;
  throw new OrgLevelInputError(`msg.operation must be one of ${ORG_LEVEL_OPERATIONS.join(', ')}, not ${JSON.stringify(value)}`);
}

export function orgLevelRequestFrom(payload: unknown, operation: OrgLevelOperation): OrgLevelRequest {
  if (Array.isArray(payload)) throw new OrgLevelInputError('msg.payload must be one org level, not an array (messages arriving together are sent in one request anyway)');
  const parsed = orgLevelSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `msg.payload.${issue.path.join('.')}` : 'msg.payload';
    throw new OrgLevelInputError(`${where}: ${issue ? issue.message : 'not an org level'}`);
  }
  const { level, code, description, glSegment, isActive, ...rest } = parsed.data;
  if (operation !== 'update' && (description === undefined || description.trim() === '')) {
    throw new OrgLevelInputError(`msg.payload.description: a description is required to ${operation} org level ${level}/${code}`);
  }
  // A create leaves out what is null; an update sends null on, to clear the field.
  const record: OrgLevelWrite = { ...rest, level, code, description: description ?? '', ...(glSegment != null ? { glSegment } : {}), ...(isActive != null ? { isActive } : {}) };
  const changes = Object.fromEntries(Object.entries(parsed.data).filter(([field, value]) => !KEY_FIELDS.has(field) && value !== undefined));
  return { operation, level, code, record, changes };
}

/** How flows and the store name an org level: `<level>/<code>`, e.g. `2/CC-100`. */
export function orgLevelId(level: number, code: string): string {
  return `${level}/${code}`;
}
