import { z } from 'zod';
import { HttpError, json, type Router, type SandboxRequest } from '../kit';
import type { EmployeeControl } from './control';
import { employeeInputSchema } from './employee-input';
import { wireOptionsPatch, type WireOptions, type WireOptionsPatch } from './options';
import { WEBHOOK_EVENTS, type WebhookPayload, type WebhookSender } from './webhooks';

/**
 * Paylocity's own `/__sandbox/` routes: webhook targets and emission, the employee and payroll test
 * controls, and the F.2 wire options. Bodies are strict (a typo is a 400, not a silent no-op); a
 * refused control (unknown employee, a rehire of someone active) is a 409 with the reason.
 */
const emitOptions = {
  drop: z.boolean().optional(),
  duplicate: z.boolean().optional(),
  delayMs: z.number().int().nonnegative().optional(),
};
const eventName = z.enum(WEBHOOK_EVENTS);

const targetBody = z.strictObject({
  url: z.url(),
  username: z.string().optional(),
  password: z.string().optional(),
  events: z.array(eventName).optional(),
});
const emitBody = z.strictObject({
  event: eventName,
  /** The payload as is; or built from `employeeId` (NewHire, Termination, EmployeeChange) or `processId`/`checkDate` (PayrollProcessed). */
  payload: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  employeeId: z.string().optional(),
  processId: z.string().optional(),
  checkDate: z.string().optional(),
  ...emitOptions,
});
const hireBody = z.strictObject({
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  costCenter1: z.string().min(1),
  costCenter2: z.string().optional(),
  positionCode: z.string().optional(),
  hireDate: z.string().optional(),
  employeeId: z.string().optional(),
  middleName: z.string().nullable().optional(),
  partTime: z.boolean().optional(),
});
const terminateBody = z.strictObject({ employeeId: z.string().min(1), date: z.string().optional(), reason: z.string().optional(), eligibleForRehire: z.boolean().optional() });
const rehireBody = z.strictObject({ employeeId: z.string().min(1), date: z.string().optional() });
const changeBody = z.strictObject({ employeeId: z.string().min(1), changes: employeeInputSchema });
const payrollBody = z.strictObject({
  checkDate: z.iso.date(),
  beginDate: z.iso.date().optional(),
  endDate: z.iso.date().optional(),
  runNumber: z.number().int().min(1).max(99).optional(),
  processDate: z.string().optional(),
  ...emitOptions,
});

export function registerControlRoutes(
  router: Router,
  deps: { webhooks: WebhookSender; control: EmployeeControl; options: () => WireOptions; setOptions: (patch: WireOptionsPatch) => WireOptions },
): void {
  const { webhooks, control } = deps;

  router.get('/__sandbox/webhooks', () => json({ targets: webhooks.targets(), defaults: webhooks.defaults(), messages: webhooks.messages() }));
  router.post('/__sandbox/webhooks/targets', async (request) => json(webhooks.configure(await parse(request, targetBody)), { status: 201 }));
  router.delete('/__sandbox/webhooks/targets', () => {
    webhooks.clearTargets();
    return json({ ok: true });
  });
  router.delete('/__sandbox/webhooks/targets/:id', (request) => {
    if (!webhooks.removeTarget(request.params.id)) throw new HttpError(404, { error: 'unknown_target', message: `no webhook target ${request.params.id}` });
    return json({ ok: true });
  });
  router.post('/__sandbox/webhooks/defaults', async (request) => {
    webhooks.setDefaults(await parse(request, z.strictObject(emitOptions)));
    return json(webhooks.defaults());
  });
  router.post('/__sandbox/webhooks/emit', async (request) => {
    const body = await parse(request, emitBody);
    const payload = refused(() => payloadFor(body, control));
    const messages = await webhooks.emit(body.event, payload, { drop: body.drop, duplicate: body.duplicate, delayMs: body.delayMs });
    return json({ messages });
  });
  router.post('/__sandbox/webhooks/resend', async (request) => {
    const { messageId } = await parse(request, z.strictObject({ messageId: z.number().int().positive() }));
    const message = await webhooks.resend(messageId).catch((error: unknown) => {
      throw new HttpError(409, { error: 'refused', message: error instanceof Error ? error.message : String(error) });
    });
    return json(message);
  });
  router.post('/__sandbox/webhooks/idle', async () => {
    await webhooks.idle();
    return json({ ok: true });
  });

  router.post('/__sandbox/employees/hire', async (request) => {
    const body = await parse(request, hireBody);
    return json(refused(() => control.hire(body)), { status: 201 });
  });
  router.post('/__sandbox/employees/terminate', async (request) => {
    const { employeeId, ...options } = await parse(request, terminateBody);
    return json(refused(() => control.terminate(employeeId, options)));
  });
  router.post('/__sandbox/employees/rehire', async (request) => {
    const { employeeId, ...options } = await parse(request, rehireBody);
    return json(refused(() => control.rehire(employeeId, options)));
  });
  router.post('/__sandbox/employees/change', async (request) => {
    const { employeeId, changes } = await parse(request, changeBody);
    return json(refused(() => control.change(employeeId, changes)));
  });
  router.post('/__sandbox/payroll/process', async (request) => {
    const { drop, duplicate, delayMs, ...run } = await parse(request, payrollBody);
    return json(refused(() => control.processPayroll(run, { drop, duplicate, delayMs })), { status: 201 });
  });

  router.get('/__sandbox/options', () => json(deps.options()));
  router.post('/__sandbox/options', async (request) => json(deps.setOptions(await parse(request, wireOptionsPatch))));
}

function payloadFor(body: z.infer<typeof emitBody>, control: EmployeeControl): WebhookPayload {
  if (body.payload) return body.payload;
  if (body.event === 'PayrollProcessed') {
    const key = body.processId ?? body.checkDate;
    if (key === undefined) throw new Error('PayrollProcessed needs payload, processId or checkDate');
    return control.payrollPayloadFor(key);
  }
  if (body.employeeId === undefined) throw new Error(`${body.event} needs payload or employeeId`);
  return control.payloadFor(body.event, body.employeeId);
}

/** A control the data refuses (unknown employee, already terminated...) is a 409 with the reason. */
function refused<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(409, { error: 'refused', message: error instanceof Error ? error.message : String(error) });
  }
}

async function parse<T>(request: SandboxRequest, schema: z.ZodType<T>): Promise<T> {
  if (request.contentType !== 'application/json') throw new HttpError(415, { error: 'unsupported_media_type', message: 'control requests take application/json' });
  const parsed = schema.safeParse(await request.json());
  if (!parsed.success) {
    throw new HttpError(400, { error: 'invalid_control_request', issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) });
  }
  return parsed.data;
}
