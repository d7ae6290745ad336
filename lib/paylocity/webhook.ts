import { createHash } from 'node:crypto';
import { z } from 'zod';
import { stableJson, type RecordRef } from '../envelope';

/**
 * Paylocity webhooks (B.7): an unsigned JSON POST per event, optionally with HTTP Basic credentials
 * configured on the endpoint. No header names the event, so an endpoint is either set up for one event
 * type (its path says which) or takes them all and tells them apart by the body's shape:
 *
 * - **Payroll Processed**: has `processId`, or `checkDate` with `runId`.
 * - **Termination**: has `employeeTerminationDate` (or `terminationDate`).
 * - **New Hire**: has one of the fields only a new hire carries (`companyName`, `employeeHireDate`,
 *   the address, gender, pay frequency, supervisor, ...).
 * - **Termination** again: other `employee*` detail (names, cost centers) without those.
 * - **Employee Change**: only `companyId` and `employeeId` (Paylocity says "companyid and employeeid":
 *   every field name is matched case-insensitively).
 *
 * Paylocity warns that any field may be null, and ids come as text or numbers: only what the flow
 * needs to fetch the authoritative record is required (company and employee, or the pay run).
 */
export const PAYLOCITY_WEBHOOK_EVENTS = ['new-hire', 'termination', 'employee-change', 'payroll-processed'] as const;
export type PaylocityWebhookEventName = (typeof PAYLOCITY_WEBHOOK_EVENTS)[number];
export type AcceptedEvents = PaylocityWebhookEventName | 'all';

export const EVENT_TYPE_NAMES: Readonly<Record<PaylocityWebhookEventName, string>> = {
  'new-hire': 'New Hire',
  termination: 'Termination',
  'employee-change': 'Employee Change',
  'payroll-processed': 'Payroll Processed',
};

/** Field names as the notes spell them; a body's names are matched to these whatever their case. */
const NEW_HIRE_ONLY = [
  'companyName',
  'employeeAddressLine1',
  'employeeAddressLine2',
  'employeeBadgeClockNumber',
  'employeeCity',
  'employeeEEOClass',
  'employeeGender',
  'employeeHireDate',
  'employeeMaritalStatus',
  'employeePayFrequency',
  'employeePayType',
  'employeePosition',
  'employeeState',
  'employeeSupervisor',
  'employeeSupervisorId',
  'employeeTaxForm',
  'employeeType',
  'employeeZip',
] as const;
const TERMINATION_ONLY = ['employeeTerminationDate', 'terminationDate'] as const;
const EMPLOYEE_DETAIL = [
  'employeeCostCenter1',
  'employeeCostCenter2',
  'employeeCostCenter3',
  'employeeFirstName',
  'employeeLastName',
  'employeeMiddleInitial',
  'employeeJobTitle',
  'employeeWorkEMailAddress',
  'employeeWorkPhone',
] as const;
const PAYROLL_FIELDS = ['processId', 'checkDate', 'runId', 'processDate', 'status'] as const;
const IDS = ['companyId', 'employeeId'] as const;

const CANONICAL = new Map<string, string>(
  [...IDS, ...NEW_HIRE_ONLY, ...TERMINATION_ONLY, ...EMPLOYEE_DETAIL, ...PAYROLL_FIELDS].map((name) => [name.toLowerCase(), name]),
);

/** The body with every known field under its canonical name (`companyid` → `companyId`); others kept. */
export function normaliseFields(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [CANONICAL.get(key.toLowerCase()) ?? key, value]));
}

/** Which event a body is, by its shape; null when it is none of them. Expects normalised fields. */
export function recogniseEvent(fields: Record<string, unknown>): PaylocityWebhookEventName | null {
  const has = (name: string): boolean => Object.hasOwn(fields, name);
  if (has('processId') || (has('checkDate') && has('runId'))) return 'payroll-processed';
  if (TERMINATION_ONLY.some(has)) return 'termination';
  if (NEW_HIRE_ONLY.some(has)) return 'new-hire';
  if (EMPLOYEE_DETAIL.some(has)) return 'termination';
  if (has('companyId') && has('employeeId')) return 'employee-change';
  return null;
}

const id = z
  .union([z.string(), z.number()], { error: 'must be an id (text or a number)' })
  .transform((value) => String(value).trim())
  .pipe(z.string().min(1, 'must not be empty'));
const text = z.union([z.string(), z.number()]).nullish().transform((value) => (value === null || value === undefined ? null : String(value).trim() || null));

const employeeNoticeSchema = z.looseObject({ companyId: id, employeeId: id });
const payrollSchema = z.looseObject({
  companyId: id,
  processId: text,
  checkDate: text,
  runId: text,
  processDate: text,
  status: text,
});

export type PaylocityEmployeeEvent = {
  name: Exclude<PaylocityWebhookEventName, 'payroll-processed'>;
  companyId: string;
  employeeId: string;
  /** The body as sent, known fields under their canonical names (nulls kept). */
  fields: Record<string, unknown>;
};
export type PaylocityPayrollEvent = {
  name: 'payroll-processed';
  companyId: string;
  /** YYYY-MM-DD */
  checkDate: string;
  runId: string;
  /** Check date YYYYMMDD + run id (two digits at least). */
  processId: string;
  processDate: string | null;
  status: string | null;
  fields: Record<string, unknown>;
};
export type PaylocityWebhookEvent = PaylocityEmployeeEvent | PaylocityPayrollEvent;

export type ParsedEvent = { ok: true; event: PaylocityWebhookEvent } | { ok: false; problem: string };

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'body'} ${issue.message}` : 'invalid';
}

/** `2022-01-27`, `2022-01-27T00:00:00`, `01/27/2022` → `2022-01-27`; null when it is no real date. */
export function isoDate(value: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(value);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1], us[2]] : [];
  if (!y || !m || !d) return null;
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date ? date : null;
}

function payrollEvent(fields: Record<string, unknown>): ParsedEvent {
  const parsed = payrollSchema.safeParse(fields);
  if (!parsed.success) return { ok: false, problem: firstIssue(parsed.error) };
  const { companyId, processId, checkDate, runId, processDate, status } = parsed.data;
  const fromProcess = processId === null ? null : /^(\d{4})(\d{2})(\d{2})(\d+)$/.exec(processId);
  if (processId !== null && !fromProcess) return { ok: false, problem: `processId ${processId} is not a check date (YYYYMMDD) and a run id` };
  const given = checkDate === null ? null : isoDate(checkDate);
  if (checkDate !== null && given === null) return { ok: false, problem: `checkDate ${checkDate} is not a date` };
  if (runId !== null && !/^\d+$/.test(runId)) return { ok: false, problem: `runId ${runId} is not a number` };
  const date = given ?? (fromProcess ? `${fromProcess[1]}-${fromProcess[2]}-${fromProcess[3]}` : null);
  const run = runId !== null ? String(Number(runId)) : fromProcess?.[4] !== undefined ? String(Number(fromProcess[4])) : null;
  if (date === null || run === null) return { ok: false, problem: 'a Payroll Processed event needs processId, or checkDate and runId' };
  const derived = `${date.replaceAll('-', '')}${run.padStart(2, '0')}`;
  if (fromProcess && (`${fromProcess[1]}-${fromProcess[2]}-${fromProcess[3]}` !== date || String(Number(fromProcess[4])) !== run)) {
    return { ok: false, problem: `processId ${processId} does not match checkDate ${date} and runId ${run}` };
  }
  return { ok: true, event: { name: 'payroll-processed', companyId, checkDate: date, runId: run, processId: processId ?? derived, processDate, status, fields } };
}

/** One event of the body, as the endpoint takes it: the type it serves, or any type recognised. */
export function parseEvent(item: unknown, accepts: AcceptedEvents): ParsedEvent {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { ok: false, problem: 'an event must be a JSON object' };
  const fields = normaliseFields(item as Record<string, unknown>);
  const name = accepts === 'all' ? recogniseEvent(fields) : accepts;
  if (name === null) return { ok: false, problem: `not a Paylocity event: no companyId and employeeId, nor a pay run (fields: ${Object.keys(fields).slice(0, 8).join(', ') || 'none'})` };
  if (name === 'payroll-processed') {
    const payroll = payrollEvent(fields);
    return payroll.ok ? payroll : { ok: false, problem: `${EVENT_TYPE_NAMES[name]}: ${payroll.problem}` };
  }
  const parsed = employeeNoticeSchema.safeParse(fields);
  if (!parsed.success) return { ok: false, problem: `${EVENT_TYPE_NAMES[name]}: ${firstIssue(parsed.error)}` };
  return { ok: true, event: { name, companyId: parsed.data.companyId, employeeId: parsed.data.employeeId, fields } };
}

/** A body holds one event (what Paylocity sends) or a list of them. */
export function parseEvents(body: unknown, accepts: AcceptedEvents): { ok: true; events: PaylocityWebhookEvent[] } | { ok: false; problem: string } {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) return { ok: false, problem: 'no events in the body' };
  const events: PaylocityWebhookEvent[] = [];
  for (const [index, item] of list.entries()) {
    const parsed = parseEvent(item, accepts);
    if (!parsed.ok) return { ok: false, problem: list.length > 1 ? `event ${index + 1}: ${parsed.problem}` : parsed.problem };
    events.push(parsed.event);
  }
  return { ok: true, events };
}

// --- Keys ---------------------------------------------------------------------------------------------

/** Both keys of an event hash what was sent; the hash is made once per event. */
const contentHashes = new WeakMap<PaylocityWebhookEvent, string>();

function contentHash(event: PaylocityWebhookEvent): string {
  let hash = contentHashes.get(event);
  if (hash === undefined) {
    hash = createHash('sha256').update(stableJson({ event: event.name, fields: event.fields })).digest('hex').slice(0, 16);
    contentHashes.set(event, hash);
  }
  return hash;
}

/**
 * What the node remembers to drop an exact redelivery: the event type and everything sent, hashed. Of
 * its own namespace, never a key a flow's dedup claims (the memory marks it posted once emitted).
 * Null for Employee Change: its body names only the employee, so a repeat may be a new edit; every
 * notice goes to the flow, whose read of the employee posts each version once.
 */
export function memoryKey(event: PaylocityWebhookEvent): string | null {
  return event.name === 'employee-change' ? null : `paylocity:webhook:${event.name}:h${contentHash(event)}`;
}

/**
 * msg.mlc.key. Payroll Processed: `paylocity:payroll:<companyId>:<processId>`, the pay run itself, for
 * dedup (or the journal built from it) to claim. Employee events: the notice,
 * `paylocity:notice:<event>:<companyId>:<employeeId>:h<hash of what was sent>`, the same for a
 * redelivery; the employee is posted under the read's key (`paylocity:employee:...:h<version>`), not this.
 */
export function messageKey(event: PaylocityWebhookEvent): string {
  if (event.name === 'payroll-processed') return `paylocity:payroll:${event.companyId}:${event.processId}`;
  return `paylocity:notice:${event.name}:${event.companyId}:${event.employeeId}:h${contentHash(event)}`;
}

export function sourceOf(event: PaylocityWebhookEvent): RecordRef {
  return event.name === 'payroll-processed'
    ? { system: 'paylocity', entity: 'payroll', id: `${event.companyId}/${event.processId}` }
    : { system: 'paylocity', entity: 'employee', id: `${event.companyId}/${event.employeeId}` };
}

// --- Messages -----------------------------------------------------------------------------------------

export type EmployeeEventPayload = { eventType: string } & Pick<PaylocityEmployeeEvent, 'companyId' | 'employeeId'> & {
  /** The shape a read of just these employees takes. */
  employees: Array<{ companyId: string; employeeId: string }>;
};
export type PayrollEventPayload = { eventType: string } & Omit<PaylocityPayrollEvent, 'name' | 'fields'>;

export type PaylocityWebhookMessage = {
  topic: string;
  payload: EmployeeEventPayload | PayrollEventPayload;
  mlc: { key: string; source: RecordRef };
  paylocity: { event: PaylocityWebhookEventName; body: Record<string, unknown> };
};

export function eventMessage(event: PaylocityWebhookEvent): PaylocityWebhookMessage {
  const eventType = EVENT_TYPE_NAMES[event.name];
  const payload: EmployeeEventPayload | PayrollEventPayload =
    event.name === 'payroll-processed'
      ? { eventType, companyId: event.companyId, checkDate: event.checkDate, runId: event.runId, processId: event.processId, processDate: event.processDate, status: event.status }
      : { eventType, companyId: event.companyId, employeeId: event.employeeId, employees: [{ companyId: event.companyId, employeeId: event.employeeId }] };
  return {
    topic: `paylocity/webhook/${event.name}`,
    payload,
    mlc: { key: messageKey(event), source: sourceOf(event) },
    paylocity: { event: event.name, body: event.fields },
  };
}

/** Names an event in a warning: type and ids only, no personal data. */
export function describeEvent(event: PaylocityWebhookEvent): string {
  const who = event.name === 'payroll-processed' ? `process ${event.processId}` : `employee ${event.employeeId}`;
  return `${EVENT_TYPE_NAMES[event.name]} of company ${event.companyId}, ${who}`;
}
