import type { Employee } from '../model';
import { addDays, dateToMs, msToDate } from '../wire/dates';
import { COMPANY, OFFICES, PAY_FREQUENCY, PAY_GROUP, positionByCode, type Office } from './company';
import { SeededRandom } from '../../kit/random';

const FIRST_NAMES = [
  'Avery', 'Blake', 'Carmen', 'Dana', 'Elena', 'Felix', 'Grace', 'Hector', 'Irene', 'Jonah', 'Keiko', 'Luis', 'Maya', 'Nolan',
  'Olivia', 'Pedro', 'Quinn', 'Rosa', 'Samir', 'Tessa', 'Umar', 'Vera', 'Wes', 'Ximena', 'Yusuf', 'Zoe', 'Andre', 'Bianca',
] as const;

const LAST_NAMES = [
  'Alvarez', 'Brennan', 'Castillo', 'Dunn', 'Ellison', 'Fischer', 'Garza', 'Holt', 'Ibarra', 'Jensen', 'Kowalski', 'Lindqvist',
  'Moreno', 'Nakamura', 'Okafor', 'Petrov', 'Quintero', 'Reyes', 'Sandoval', 'Tran', 'Underwood', 'Vasquez', 'Whitfield', 'Xu',
] as const;

const MIDDLE_INITIALS = ['A', 'B', 'C', 'D', 'E', 'J', 'L', 'M', 'R', 'S', 'T'] as const;
const STREETS = ['Pine St', 'Cedar Ave', 'Alder Way', 'Harbor Blvd', 'Madrona Dr', 'Spruce Ct', 'Summit Rd', 'Lakeview Ln'] as const;

/** Where each cost center works from: costcenter2 is the office. */
const OFFICE_OF: Readonly<Record<string, string>> = { 'CC-100': 'SEA', 'CC-200': 'SEA', 'CC-300': 'PDX', 'CC-400': 'PDX', 'CC-500': 'SEA' };
const HOME_ZIPS: Readonly<Record<string, { city: string; zips: readonly string[] }>> = {
  SEA: { city: 'Seattle', zips: ['98101', '98103', '98109', '98115'] },
  PDX: { city: 'Portland', zips: ['97201', '97205', '97214', '97217'] },
};

/** Seeded head count per cost center: 120 in all. CC-500's six start on 2026-11-16, so only the second November run pays them. */
const HEADCOUNT: ReadonlyArray<readonly [string, number]> = [
  ['CC-100', 14],
  ['CC-200', 36],
  ['CC-300', 34],
  ['CC-400', 30],
  ['CC-500', 6],
];

export const FIELD_SERVICES_START = '2026-11-16';
export const FIRST_EMPLOYEE_NUMBER = 1000;

const OFFICE_JOBS = ['ADMIN', 'ADMIN', 'ACCT', 'PM'] as const;
const FIELD_JOBS = ['FORE', 'CARP', 'CARP', 'ELEC', 'ELEC', 'LAB', 'LAB', 'LAB', 'EQOP', 'EQOP'] as const;

interface LifeEvents {
  termination?: { date: string; reason: string };
  rehire?: string;
}

/** Fixed positions in the seed that left, or left and came back, so the data has every case. */
const LIFE_EVENTS: ReadonlyMap<number, LifeEvents> = new Map<number, LifeEvents>([
  [9, { termination: { date: '2025-04-30', reason: 'Resigned' } }],
  [27, { termination: { date: '2025-09-12', reason: 'Resigned' } }],
  [44, { termination: { date: '2026-02-27', reason: 'Laid Off' } }],
  [61, { termination: { date: '2026-05-15', reason: 'Resigned' } }],
  [78, { termination: { date: '2026-07-31', reason: 'Retired' } }],
  [95, { termination: { date: '2026-10-16', reason: 'Discharged' } }],
  // Paid (a final, shorter check) in the first November run, gone by the second.
  [33, { termination: { date: '2026-11-04', reason: 'Resigned' } }],
  [70, { termination: { date: '2026-11-06', reason: 'Resigned' } }],
  // Rehires: terminated, then hired again (reHireDate after terminationDate, status A).
  [52, { termination: { date: '2024-05-31', reason: 'Seasonal Layoff' }, rehire: '2025-03-03' }],
  [88, { termination: { date: '2025-11-14', reason: 'Seasonal Layoff' }, rehire: '2026-03-02' }],
]);

export function employeeIdFor(index: number): string {
  return String(FIRST_EMPLOYEE_NUMBER + index);
}

export function uniqueEmail(first: string, last: string, taken: Set<string>): string {
  const base = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
  let candidate = `${base}@mlc-construction.example`;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${base}${n}@mlc-construction.example`;
  taken.add(candidate);
  return candidate;
}

export function officeByCode(code: string | null): Office {
  return OFFICES.find((office) => office.code === code) ?? (OFFICES[0] as Office);
}

/** Rates for a position: hourly rates to the cent, salaries to $10. */
export function payFor(positionCode: string, partTime: boolean, random: SeededRandom): Pick<Employee['primaryPayRate'], 'payType' | 'baseRate' | 'annualSalary' | 'salary' | 'ratePer' | 'defaultHours' | 'isAutoPay'> {
  const position = positionByCode(positionCode);
  if (!position) throw new Error(`unknown position ${positionCode}`);
  const [low, high] = position.payRange;
  const defaultHours = partTime ? 48 : 80;
  if (position.payType === 'Salary') {
    const annualSalary = Math.round(random.int(low, high) / 10) * 10;
    return { payType: 'Salary', annualSalary, baseRate: Math.round((annualSalary / 2080) * 100) / 100, salary: Math.round((annualSalary / 26) * 100) / 100, ratePer: 'Year', defaultHours, isAutoPay: true };
  }
  const baseRate = Math.round((random.int(low, high) / 2080) * 100) / 100;
  return { payType: 'Hourly', baseRate, annualSalary: Math.round(baseRate * defaultHours * 26 * 100) / 100, salary: 0, ratePer: 'Hour', defaultHours, isAutoPay: false };
}

/** Per-period payroll elections the pay runs use, drawn once per employee. */
export function electionsFor(random: SeededRandom, partTime: boolean): Employee['payroll'] {
  return {
    retirementPercent: random.pick([0, 0, 3, 4, 5, 6]),
    medicalCents: partTime ? 0 : random.pick([0, 8_500, 14_250, 21_075]),
    dentalCents: partTime ? 0 : random.pick([0, 1_240, 2_180]),
    fitwPercent: random.pick([8, 9.5, 10, 11, 12, 13.5]),
    paperCheck: random.next() < 0.1,
  };
}

function randomDate(random: SeededRandom, from: string, to: string): string {
  const days = Math.round((dateToMs(to) - dateToMs(from)) / 86_400_000);
  return msToDate(dateToMs(from) + random.int(0, days) * 86_400_000);
}

export function seedEmployees(): Employee[] {
  const random = new SeededRandom(0x5eed_9a71);
  const taken = new Set<string>();
  const employees: Employee[] = [];
  let index = 1;
  for (const [costCenter, count] of HEADCOUNT) {
    let leadId: string | null = null;
    for (let slot = 0; slot < count; slot += 1, index += 1) {
      const officeStaff = costCenter === 'CC-100';
      const fieldServices = costCenter === 'CC-500';
      const positionCode = slot === 0 ? (officeStaff ? 'PM' : 'SUPT') : fieldServices ? 'FLDTEC' : officeStaff ? random.pick(OFFICE_JOBS) : random.pick(FIELD_JOBS);
      const position = positionByCode(positionCode);
      if (!position) throw new Error(`unknown position ${positionCode}`);
      const partTime = positionCode === 'LAB' && random.next() < 0.25;
      const first = random.pick(FIRST_NAMES);
      const last = random.pick(LAST_NAMES);
      const events = LIFE_EVENTS.get(index) ?? {};
      const hireDate = fieldServices ? FIELD_SERVICES_START : randomDate(random, '2012-01-09', events.termination ? addDays(events.termination.date, -120) : '2026-09-28');
      const terminated = events.termination !== undefined && events.rehire === undefined;
      const office = officeByCode(OFFICE_OF[costCenter] ?? 'SEA');
      const home = HOME_ZIPS[office.code] ?? { city: 'Seattle', zips: ['98101'] };
      const employeeId = employeeIdFor(index);
      const pay = payFor(positionCode, partTime, random);
      const email = uniqueEmail(first, last, taken);
      const startDate = events.rehire ?? hireDate;
      const statusDate = terminated ? (events.termination?.date ?? hireDate) : startDate;
      employees.push({
        employeeId,
        firstName: first,
        middleName: random.next() < 0.6 ? random.pick(MIDDLE_INITIALS) : null,
        lastName: last,
        preferredName: random.next() < 0.1 ? first.slice(0, 3) : null,
        suffix: null,
        salutation: null,
        priorLastName: null,
        ssn: `900-${String(random.int(10, 99))}-${String(1000 + index).slice(-4)}`,
        birthDate: randomDate(random, '1964-01-01', '2004-12-31'),
        gender: random.next() < 0.5 ? 'F' : 'M',
        maritalStatus: random.pick(['S', 'M', 'M', 'D']),
        ethnicity: null,
        isSmoker: false,
        veteranDescription: null,
        disabilityDescription: null,
        currency: 'USD',
        isHighlyCompensated: pay.annualSalary >= 120_000,
        ownerPercent: null,
        status: {
          employeeStatus: terminated ? 'T' : 'A',
          statusType: terminated ? 'T' : 'A',
          effectiveDate: statusDate,
          hireDate,
          reHireDate: events.rehire ?? null,
          terminationDate: events.termination?.date ?? null,
          changeReason: terminated ? (events.termination?.reason ?? null) : events.rehire ? 'Rehire' : 'New Hire',
          adjustedSeniorityDate: events.rehire ?? null,
          isEligibleForRehire: terminated ? events.termination?.reason !== 'Discharged' : null,
        },
        departmentPosition: {
          costCenter1: costCenter,
          costCenter2: office.code,
          costCenter3: null,
          positionCode,
          jobTitle: position.description,
          payGroup: PAY_GROUP,
          employeeType: partTime ? 'RPT' : 'RFT',
          supervisorEmployeeId: leadId ?? (employees[0]?.employeeId ?? null),
          supervisorCompanyNumber: leadId || employees[0] ? COMPANY.companyId : null,
          reviewerEmployeeId: null,
          reviewerCompanyNumber: null,
          effectiveDate: startDate,
          changeReason: null,
          clockBadgeNumber: position.payType === 'Hourly' ? String(50_000 + index) : null,
          equalEmploymentOpportunityClass: position.eeoClass,
          isMinimumWageExempt: false,
          isOvertimeExempt: position.payType === 'Salary',
          isSupervisorReviewer: slot === 0,
          isUnionDuesCollected: false,
          isUnionInitiationCollected: false,
          shift: null,
          tipped: null,
          unionCode: null,
          unionPosition: null,
          unionAffiliationDate: null,
          workersCompensation: position.workersComp,
        },
        primaryPayRate: { ...pay, payFrequency: PAY_FREQUENCY, effectiveDate: startDate, beginCheckDate: null, changeReason: null, payGrade: position.payType === 'Hourly' ? 'G1' : positionCode === 'PM' || positionCode === 'SUPT' ? 'G3' : 'G2' },
        homeAddress: {
          address1: `${random.int(100, 9899)} ${random.pick(STREETS)}`,
          address2: random.next() < 0.15 ? `Apt ${random.int(1, 40)}` : null,
          city: home.city,
          state: office.address.state,
          postalCode: random.pick(home.zips),
          country: 'USA',
          county: office.address.county,
          emailAddress: `${first.toLowerCase()}${index}@home.example`,
          mobilePhone: `${office.code === 'SEA' ? '206' : '503'}555${String(random.int(0, 9999)).padStart(4, '0')}`,
          phone: null,
        },
        workAddress: { ...office.address, emailAddress: email, mobilePhone: null, pager: null, phoneExtension: String(100 + index) },
        federalTax: { filingStatus: random.pick(['S', 'M', 'H']), exemptions: 0, amount: 0, percentage: 0, taxCalculationCode: null, w4FormYear: 2020 },
        primaryStateTax: { taxCode: office.address.state ?? 'WA', filingStatus: office.sitwPercent > 0 ? 'S' : null, exemptions: 0, amount: 0, percentage: 0 },
        taxSetup: { suiState: office.address.state ?? 'WA', taxForm: 'W2', fitwExemptReason: null },
        webTime: { badgeNumber: position.payType === 'Hourly' ? String(50_000 + index) : null, chargeRate: null, isTimeLaborEnabled: position.payType === 'Hourly' },
        payroll: electionsFor(random, partTime),
        changedMs: dateToMs(statusDate) + 9 * 3_600_000,
      });
      leadId ??= employeeId;
    }
  }
  return employees;
}
