// The UKG records this pack reads, validated where they come in. Only the fields the pack uses are
// typed; the rest pass through, so a mapping can still reach any field UKG sends.
import { z } from 'zod';

const text = z.string().nullish();
const num = z.number().nullish();

export const employmentSchema = z
  .object({
    companyID: z.string(),
    employeeID: z.string(),
    employeeNumber: text,
    employeeStatusCode: text,
    jobTitle: text,
    primaryJobCode: text,
    jobDescription: text,
    orgLevel1Code: text,
    orgLevel2Code: text,
    orgLevel3Code: text,
    orgLevel4Code: text,
    originalHireDate: text,
    lastHireDate: text,
    dateOfTermination: text,
    termReason: text,
    terminationReasonDescription: text,
    supervisorID: text,
    fullTimeOrPartTimeCode: text,
    salaryOrHourly: text,
    primaryWorkLocationCode: text,
    dateTimeChanged: text,
  })
  .passthrough();
export type EmploymentRecord = z.infer<typeof employmentSchema>;

export const personSchema = z
  .object({
    employeeId: z.string(),
    companyId: text,
    firstName: text,
    middleName: text,
    lastName: text,
    preferredName: text,
    emailAddress: text,
    homePhone: text,
    datetimeChanged: text,
  })
  .passthrough();
export type PersonRecord = z.infer<typeof personSchema>;

export const compensationSchema = z
  .object({
    employeeID: z.string(),
    companyID: text,
    annualSalary: num,
    hourlyPayRate: num,
    payGroupCode: text,
    currencyCode: text,
    salaryOrHourlyCode: text,
  })
  .passthrough();
export type CompensationRecord = z.infer<typeof compensationSchema>;

export const employeeChangeSchema = z
  .object({
    employeeId: z.string(),
    companyId: z.string(),
    employeeNumber: z.union([z.number(), z.string()]).nullish(),
    isActive: z.boolean().nullish(),
    employeeStatus: text,
    hireDate: text,
    dateOfLastHire: text,
    terminationDate: text,
  })
  .passthrough();
export type EmployeeChangeRecord = z.infer<typeof employeeChangeSchema>;

export const glLineSchema = z
  .object({
    runId: z.union([z.string(), z.number()]).transform(String),
    blockId: z.number().int().nullish(),
    totalNrOfBlocks: z.number().int().nullish(),
    generalLedgerAccount: z.string(),
    debitAmt: z.number().nullish(),
    creditAmt: z.number().nullish(),
    description: text,
    accountType: text,
    companyCode: text,
    coId: text,
    orgLevel1: text,
    orgLevel2: text,
    orgLevel3: text,
    orgLevel4: text,
    project: text,
    jobCode: text,
    location: text,
    payGroup: text,
    payPeriodEndDate: text,
    periodStartDate: text,
    periodEndDate: text,
    glRunDateTime: text,
    systemId: num,
  })
  .passthrough();
export type GlLine = z.infer<typeof glLineSchema>;

export const orgLevelSchema = z
  .object({
    level: z.number().int(),
    code: z.string(),
    description: text,
    levelDescription: text,
    glSegment: text,
    budgetGroup: text,
    reportingCategory: text,
    isActive: z.boolean().nullish(),
  })
  .passthrough();
export type OrgLevel = z.infer<typeof orgLevelSchema>;

export const jobSchema = z.object({ code: z.string(), title: text, countryCode: text, jobFamilyCode: text, isActive: z.boolean().nullish() }).passthrough();
export type JobCode = z.infer<typeof jobSchema>;

/** Parses a list from UKG; a record that does not fit is reported with its position, not silently dropped. */
export function parseRecords<T>(schema: z.ZodType<T>, rows: unknown[], what: string): T[] {
  return rows.map((row, index) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new UkgDataError(`ukg: ${what} #${index + 1} is not what UKG documents: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
  });
}

export class UkgDataError extends Error {
  readonly code = 'MLC_UKG_BAD_DATA';
}
