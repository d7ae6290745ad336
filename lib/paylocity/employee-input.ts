import { z } from 'zod';

/**
 * One employee write as a message brings it (usually mapped from an Odoo employee): a new hire (the
 * WebLink `employee` body, the employee id included) or an update (the employee id and only the fields
 * to change). Checked only as far as this pack needs to build the request: Paylocity validates the
 * rest against the company's New Hire Template, and its field errors say what is wrong better than a
 * guess here would.
 */
export type EmployeeOperation = 'hire' | 'update';
export const EMPLOYEE_OPERATIONS: readonly EmployeeOperation[] = ['hire', 'update'];

/** WebLink employee ids are at most 10 characters. */
export const MAX_EMPLOYEE_ID = 10;

const employeeIdSchema = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim())
  .pipe(z.string().min(1, 'an employee id is required').max(MAX_EMPLOYEE_ID, `a Paylocity employee id has at most ${MAX_EMPLOYEE_ID} characters`));

const section = z.record(z.string(), z.unknown());

const employeeBodySchema = z
  .object({
    employeeId: employeeIdSchema,
    firstName: z.string().nullish(),
    lastName: z.string().nullish(),
    status: section.nullish(),
    departmentPosition: section.nullish(),
    primaryPayRate: section.nullish(),
  })
  .passthrough();

export interface EmployeeWriteRequest {
  operation: EmployeeOperation;
  employeeId: string;
  /** Hire: the POST body (employee id included). Update: the PATCH body, only the fields given (no id). */
  body: Record<string, unknown>;
  /** For a hire: the names the employee is recognised by when looked up. */
  firstName?: string;
  lastName?: string;
}

export class EmployeeInputError extends Error {
  readonly code = 'MLC_PAYLOCITY_WRITE_BAD_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'EmployeeInputError';
  }
}

export function parseEmployeeOperation(value: unknown, fallback: EmployeeOperation): EmployeeOperation {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'string' && (EMPLOYEE_OPERATIONS as readonly string[]).includes(value)) return value as EmployeeOperation;
  throw new EmployeeInputError(`msg.operation must be one of ${EMPLOYEE_OPERATIONS.join(', ')}, not ${JSON.stringify(value)}`);
}

/** Drops undefined values, deeply: a PATCH sends only what was given (null stays: it clears a field). */
function defined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(defined);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) if (item !== undefined) out[key] = defined(item);
  return out;
}

export function employeeRequestFrom(payload: unknown, operation: EmployeeOperation): EmployeeWriteRequest {
  if (Array.isArray(payload)) throw new EmployeeInputError('msg.payload must be one employee, not an array');
  const parsed = employeeBodySchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `msg.payload.${issue.path.join('.')}` : 'msg.payload';
    throw new EmployeeInputError(`${where}: ${issue ? issue.message : 'not an employee'}`);
  }
  const { employeeId, ...rest } = parsed.data;
  const fields = defined(rest) as Record<string, unknown>;
  if (operation === 'update') {
    if (Object.keys(fields).length === 0) throw new EmployeeInputError(`msg.payload: nothing to change for employee ${employeeId} (give the fields to update, e.g. departmentPosition.costCenter1)`);
    return { operation, employeeId, body: fields };
  }
  const firstName = typeof rest.firstName === 'string' && rest.firstName.trim() !== '' ? rest.firstName : undefined;
  const lastName = typeof rest.lastName === 'string' && rest.lastName.trim() !== '' ? rest.lastName : undefined;
  return { operation, employeeId, body: { employeeId, ...fields }, ...(firstName ? { firstName } : {}), ...(lastName ? { lastName } : {}) };
}
