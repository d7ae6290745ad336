// What Paylocity WebLink sends, validated where it comes in. Paylocity warns to expect nulls anywhere,
// so every field but the ids is nullish; only the fields the pack uses are typed and the rest pass
// through, so a mapping can still reach any field Paylocity sends.
import { z } from 'zod';
import { PaylocityDataError } from './errors';

const text = z.string().nullish();
const num = z.number().nullish();
const flag = z.boolean().nullish();
/** Ids are strings in WebLink (employee ≤ 10 characters); a number is taken as its digits. */
const id = z.union([z.string().min(1), z.number()]).transform(String);

export const employeeListItemSchema = z
  .object({
    employeeId: id,
    statusCode: text,
    statusTypeCode: text,
  })
  .passthrough();
export type PaylocityEmployeeListItem = z.infer<typeof employeeListItemSchema>;

const statusSchema = z
  .object({
    employeeStatus: text,
    effectiveDate: text,
    hireDate: text,
    reHireDate: text,
    terminationDate: text,
    changeReason: text,
    isEligibleForRehire: flag,
  })
  .passthrough();

const departmentPositionSchema = z
  .object({
    costCenter1: text,
    costCenter2: text,
    costCenter3: text,
    positionCode: text,
    jobTitle: text,
    payGroup: text,
    employeeType: text,
    supervisorEmployeeId: text,
    effectiveDate: text,
    changeReason: text,
  })
  .passthrough();

const addressSchema = z
  .object({
    address1: text,
    address2: text,
    city: text,
    state: text,
    postalCode: text,
    country: text,
    emailAddress: text,
    mobilePhone: text,
    phone: text,
  })
  .passthrough();

export const employeeSchema = z
  .object({
    employeeId: id,
    firstName: text,
    middleName: text,
    lastName: text,
    preferredName: text,
    birthDate: text,
    gender: text,
    companyName: text,
    status: statusSchema.nullish(),
    departmentPosition: departmentPositionSchema.nullish(),
    primaryPayRate: z.object({ payType: text, payFrequency: text, baseRate: num, annualSalary: num, salary: num, effectiveDate: text }).passthrough().nullish(),
    homeAddress: addressSchema.nullish(),
    workAddress: addressSchema.nullish(),
  })
  .passthrough();
export type PaylocityEmployee = z.infer<typeof employeeSchema>;

export const payStatementSummarySchema = z
  .object({
    autoPay: flag,
    beginDate: text,
    checkDate: text,
    checkNumber: num,
    directDepositAmount: num,
    endDate: text,
    grossPay: num,
    hours: num,
    netCheck: num,
    netPay: num,
    overtimeDollars: num,
    overtimeHours: num,
    process: num,
    regularDollars: num,
    regularHours: num,
    transactionNumber: num,
    voucherNumber: num,
    workersCompCode: text,
    year: num,
  })
  .passthrough();
export type PayStatementSummary = z.infer<typeof payStatementSummarySchema>;

export const payStatementDetailSchema = z
  .object({
    amount: num,
    checkDate: text,
    det: text,
    detCode: text,
    detType: text,
    eligibleCompensation: num,
    hours: num,
    rate: num,
    transactionNumber: num,
    transactionType: text,
    year: num,
  })
  .passthrough();
export type PayStatementDetail = z.infer<typeof payStatementDetailSchema>;

export const companyCodeSchema = z.object({ code: id, description: text }).passthrough();
export type CompanyCode = z.infer<typeof companyCodeSchema>;

/** POST employees answers 201 `[{"employeeId":"1234"}]`. */
export const newHireAnswerSchema = z.array(z.object({ employeeId: id }).passthrough()).min(1);

/** Parses a list from Paylocity; a record that does not fit is reported with its position, not dropped. */
export function parseRecords<T>(schema: z.ZodType<T>, rows: unknown, what: string): T[] {
  if (rows === null || rows === undefined) return [];
  if (!Array.isArray(rows)) throw new PaylocityDataError(`paylocity: ${what} came as ${typeof rows} where a list was expected`);
  return rows.map((row, index) => parseRecord(schema, row, `${what} #${index + 1}`));
}

export function parseRecord<T>(schema: z.ZodType<T>, row: unknown, what: string): T {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new PaylocityDataError(`paylocity: ${what} is not what Paylocity documents: ${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid'}`);
}
