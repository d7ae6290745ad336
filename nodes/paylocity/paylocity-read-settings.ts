// The mlc-paylocity-read editor fields and the trigger message → one read request, free of Node-RED so
// they can be tested alone. Bad settings are reported on the first trigger (a Catch node sees them) and
// in the status; a bad message fails only that trigger.
import { z } from 'zod';
import { PAYLOCITY_CODE_RESOURCES } from '../../lib/paylocity/client';
import { paylocityDay } from '../../lib/paylocity/dates';
import {
  compilePattern,
  DEFAULT_DET_TYPES,
  DEFAULT_EMPLOYER_TAX,
  DEFAULT_NET_PAY_ACCOUNT,
  DEFAULT_PAY_CODES,
  payCodeRowSchema,
  type PayCodeRow,
  type PayJournalRules,
} from '../../lib/paylocity/pay-journal';
import { COST_CENTER_FIELDS, type CostCenterField, type StatementParts } from '../../lib/paylocity/pay-statements';
import type { PaylocityReadRequest } from '../../lib/paylocity/read-run';

export const ENTITIES = ['employees', 'pay-statements', 'journal', 'codes'] as const;
export type Entity = (typeof ENTITIES)[number];

export interface PaylocityReadSettings {
  entity: Entity;
  /** A fixed set of employees (empty: all); a message's ids take precedence. */
  employeeIds: string[];
  checkDate: string | null;
  payRunId: string | null;
  parts: StatementParts;
  costCenter: CostCenterField;
  rules: PayJournalRules;
  codeResource: string;
}

const number = z.union([z.number(), z.string()]).optional();
const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

const fieldsSchema = z.object({
  entity: z.enum(ENTITIES).optional(),
  employeeIds: z.string().optional(),
  checkDate: z.string().trim().optional(),
  payRunId: z.union([z.string(), z.number()]).optional(),
  parts: z.enum(['both', 'summaries', 'details']).optional(),
  costCenter: z.enum(COST_CENTER_FIELDS as [CostCenterField, ...CostCenterField[]]).optional(),
  grouping: z.enum(['run', 'costCenter']).optional(),
  lineDetail: z.enum(['code', 'account']).optional(),
  payCodes: z.array(z.unknown()).optional(),
  netPayAccount: z.string().optional(),
  employerTaxPattern: z.string().optional(),
  employerTaxTypes: z.string().optional(),
  earningTypes: z.string().optional(),
  deductionTypes: z.string().optional(),
  taxTypes: z.string().optional(),
  memoTypes: z.string().optional(),
  codeResource: z.enum(PAYLOCITY_CODE_RESOURCES).optional(),
  pageSize: number,
});
export type PaylocityReadFields = z.input<typeof fieldsSchema>;

export class PaylocityReadSettingsError extends Error {
  constructor(
    message: string,
    readonly code = 'MLC_PAYLOCITY_READ_SETTINGS',
  ) {
    super(message);
    this.name = 'PaylocityReadSettingsError';
  }
}

export function paylocityReadSettingsFromNode(raw: unknown): PaylocityReadSettings {
  const parsed = fieldsSchema.safeParse(raw);
  if (!parsed.success) throw new PaylocityReadSettingsError(`mlc-paylocity-read: ${describe(parsed.error)}`);
  const f = parsed.data;
  let checkDate: string | null = null;
  if (f.checkDate) {
    checkDate = paylocityDay(f.checkDate);
    if (checkDate === null) throw new PaylocityReadSettingsError(`mlc-paylocity-read: check date ${JSON.stringify(f.checkDate)} is not a date (YYYY-MM-DD, or empty for the latest)`);
  }
  const codes: PayCodeRow[] = [];
  (f.payCodes ?? DEFAULT_PAY_CODES).forEach((row, index) => {
    const r = payCodeRowSchema.safeParse(row);
    if (!r.success) throw new PaylocityReadSettingsError(`mlc-paylocity-read: pay-code row ${index + 1}: ${describe(r.error)}`);
    codes.push({ kind: r.data.kind, code: r.data.code, account: r.data.account, ...(r.data.liabilityAccount ? { liabilityAccount: r.data.liabilityAccount } : {}) });
  });
  const employerTaxPattern = f.employerTaxPattern === undefined ? DEFAULT_EMPLOYER_TAX.codePattern : f.employerTaxPattern.trim() || null;
  try {
    compilePattern(employerTaxPattern);
  } catch (err) {
    throw new PaylocityReadSettingsError(`mlc-paylocity-read: ${(err as Error).message}`);
  }
  const letters = (text: string | undefined, fallback: readonly string[]) => (text === undefined ? [...fallback] : list(text));
  const rules: PayJournalRules = {
    codes,
    netPayAccount: f.netPayAccount?.trim() || DEFAULT_NET_PAY_ACCOUNT,
    employerTax: { codePattern: employerTaxPattern, detTypes: letters(f.employerTaxTypes, DEFAULT_EMPLOYER_TAX.detTypes) },
    detTypes: {
      earning: letters(f.earningTypes, DEFAULT_DET_TYPES.earning),
      deduction: letters(f.deductionTypes, DEFAULT_DET_TYPES.deduction),
      tax: letters(f.taxTypes, DEFAULT_DET_TYPES.tax),
      memo: letters(f.memoTypes, DEFAULT_DET_TYPES.memo),
    },
    grouping: f.grouping ?? 'run',
    lineDetail: f.lineDetail ?? 'code',
  };
  const payRunId = f.payRunId === undefined ? '' : String(f.payRunId).trim();
  return {
    entity: f.entity ?? 'employees',
    employeeIds: list(f.employeeIds),
    checkDate,
    payRunId: payRunId === '' ? null : normalRun(payRunId),
    parts: f.parts ?? 'both',
    costCenter: f.costCenter ?? 'costCenter1',
    rules,
    codeResource: f.codeResource ?? 'costcenter1',
  };
}

const idSchema = z.union([z.string().trim().min(1), z.number()]).transform(String);
const dateText = z.string().trim().min(1);
const runText = z.union([z.string().trim().min(1), z.number()]).transform(String);
/**
 * What a trigger may carry, at the top of msg or in msg.payload (a webhook's body): an employee id or
 * ids (the Employee Change, New Hire and Termination webhooks send `employeeId`), a check date and run
 * (the Payroll Processed webhook sends `checkDate`, `runId` and `processId`), a code resource, and the
 * company, which must be the config node's.
 */
const triggerSchema = z
  .object({
    companyId: z.string().trim().nullish(),
    employeeId: idSchema.nullish(),
    employeeIds: z.array(idSchema).nullish(),
    employees: z.array(z.object({ employeeId: idSchema }).passthrough()).nullish(),
    checkDate: dateText.nullish(),
    runId: runText.nullish(),
    processId: z.string().trim().regex(/^\d{8}\d{1,2}$/, 'check date YYYYMMDD and the 2-digit run').nullish(),
    resource: z.enum(PAYLOCITY_CODE_RESOURCES).nullish(),
  })
  .passthrough();
type Trigger = z.infer<typeof triggerSchema>;

/** The request one trigger makes: the node's settings, narrowed or overridden by what the message carries. */
export function readRequestFor(s: PaylocityReadSettings, msg: unknown, companyId: string): PaylocityReadRequest {
  const top = parseTrigger(msg, 'msg');
  const payload = msg && typeof msg === 'object' ? (msg as { payload?: unknown }).payload : undefined;
  const inner = payload && typeof payload === 'object' && !Array.isArray(payload) ? parseTrigger(payload, 'msg.payload') : {};
  const pick = <K extends keyof Trigger>(key: K): Trigger[K] => top[key] ?? inner[key];
  const company = pick('companyId');
  if (company && company !== companyId) {
    throw new PaylocityReadSettingsError(`mlc-paylocity-read: the message is about company ${company}, this node reads company ${companyId} (its config node's)`, 'MLC_PAYLOCITY_READ_OTHER_COMPANY');
  }
  switch (s.entity) {
    case 'employees': {
      const ids = [...(pick('employeeIds') ?? []), ...(pick('employees') ?? []).map((e) => e.employeeId)];
      const one = pick('employeeId');
      if (one) ids.push(one);
      if (ids.length > 0) return { entity: 'employees', employeeIds: [...new Set(ids)] };
      return s.employeeIds.length > 0 ? { entity: 'employees', employeeIds: s.employeeIds } : { entity: 'employees' };
    }
    case 'pay-statements':
    case 'journal': {
      const fromProcess = processParts(pick('processId'));
      const dateGiven = pick('checkDate');
      let checkDate = s.checkDate;
      if (dateGiven) {
        checkDate = paylocityDay(dateGiven);
        if (checkDate === null) throw new PaylocityReadSettingsError(`mlc-paylocity-read: msg checkDate ${JSON.stringify(dateGiven)} is not a date`, 'MLC_PAYLOCITY_READ_BAD_MESSAGE');
      } else if (fromProcess) checkDate = fromProcess.checkDate;
      const given = pick('runId');
      const runId = given ? normalRun(given) : fromProcess && (dateGiven === undefined || dateGiven === null || checkDate === fromProcess.checkDate) ? fromProcess.runId : s.payRunId;
      if (s.entity === 'pay-statements') return { entity: 'pay-statements', checkDate, runId, parts: s.parts };
      return { entity: 'journal', checkDate, runId, costCenter: s.costCenter, rules: s.rules };
    }
    case 'codes':
      return { entity: 'codes', resource: pick('resource') ?? s.codeResource };
  }
}

function parseTrigger(value: unknown, where: string): Trigger {
  const parsed = triggerSchema.safeParse(value);
  if (!parsed.success) throw new PaylocityReadSettingsError(`mlc-paylocity-read: ${where}.${describe(parsed.error)}`, 'MLC_PAYLOCITY_READ_BAD_MESSAGE');
  return parsed.data;
}

/** `processId` = check date (YYYYMMDD) + the 2-digit run. */
function processParts(processId: string | null | undefined): { checkDate: string; runId: string } | null {
  if (!processId) return null;
  const checkDate = paylocityDay(`${processId.slice(0, 4)}-${processId.slice(4, 6)}-${processId.slice(6, 8)}`);
  return checkDate ? { checkDate, runId: normalRun(processId.slice(8)) } : null;
}

/** Runs are numbers: "01" and "1" are the same run, and keys carry "1". */
function normalRun(run: string): string {
  return /^\d+$/.test(run) ? String(Number(run)) : run;
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}`;
}
