import type { Employee } from '../model';
import { dateToMs, msToDate } from '../wire/dates';
import { COMPANY, COST_CENTERS, jobByCode, PAY_GROUP } from './company';
import { SeededRandom } from '../../kit/random';

const FIRST_NAMES = [
  'Avery', 'Blake', 'Carmen', 'Dana', 'Elena', 'Felix', 'Grace', 'Hector', 'Irene', 'Jonah', 'Keiko', 'Luis', 'Maya', 'Nolan',
  'Olivia', 'Pedro', 'Quinn', 'Rosa', 'Samir', 'Tessa', 'Umar', 'Vera', 'Wes', 'Ximena', 'Yusuf', 'Zoe', 'Andre', 'Bianca',
  'Caleb', 'Delia', 'Emmett', 'Fiona', 'Gavin', 'Hana', 'Isaac', 'Jada', 'Kofi', 'Lena', 'Marco', 'Nadia',
] as const;

const LAST_NAMES = [
  'Alvarez', 'Brennan', 'Castillo', 'Dunn', 'Ellison', 'Fischer', 'Garza', 'Holt', 'Ibarra', 'Jensen', 'Kowalski', 'Lindqvist',
  'Moreno', 'Nakamura', 'Okafor', 'Petrov', 'Quintero', 'Reyes', 'Sandoval', 'Tran', 'Underwood', 'Vasquez', 'Whitfield',
  'Xu', 'Yamamoto', 'Zimmerman', 'Abbott', 'Baptiste', 'Cordova', 'Delgado', 'Eriksen', 'Fontaine', 'Gallagher', 'Haddad',
] as const;

const MIDDLE_INITIALS = ['A', 'B', 'C', 'D', 'E', 'J', 'L', 'M', 'R', 'S', 'T'] as const;

const STREETS = ['Pine St', 'Cedar Ave', 'Alder Way', 'Harbor Blvd', 'Madrona Dr', 'Spruce Ct', 'Summit Rd', 'Lakeview Ln'] as const;

/** Where each branch's staff live, so person-details addresses differ by branch. */
const HOME_TOWNS: Record<string, { city: string; zips: readonly string[] }> = {
  'CC-100': { city: 'Seattle', zips: ['98101', '98103', '98109', '98115'] },
  'CC-200': { city: 'Everett', zips: ['98201', '98203', '98204'] },
  'CC-300': { city: 'Tacoma', zips: ['98402', '98405', '98409'] },
  'CC-400': { city: 'Spokane', zips: ['99201', '99203', '99205'] },
  'CC-500': { city: 'Spokane Valley', zips: ['99206', '99216'] },
};

/** Seeded head count per cost center: 250 in all. CC-500's six start on 2026-11-16, so only the second November run pays them. */
const HEADCOUNT: Readonly<Record<string, number>> = { 'CC-100': 30, 'CC-200': 75, 'CC-300': 70, 'CC-400': 69, 'CC-500': 6 };

const OFFICE_JOBS = ['ADMIN', 'ADMIN', 'ACCT', 'PM', 'PM'] as const;
const FIELD_JOBS = ['FORE', 'CARP', 'CARP', 'ELEC', 'ELEC', 'LAB', 'LAB', 'LAB', 'EQOP', 'EQOP'] as const;

export const FIELD_SERVICES_START = '2026-11-16';
const EEID_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** UKG-looking 12-character EEIDs (`4W7QK0000003`); the trailing index keeps them unique. */
export function employeeIdFor(index: number, random: SeededRandom): string {
  return `${random.chars(EEID_ALPHABET, 5)}0000${index.toString(36).toUpperCase().padStart(3, '0')}`;
}

export function employeeNumberFor(index: number): string {
  return String(100_000 + index);
}

export function personIdFor(random: SeededRandom): string {
  const hex = random.chars('0123456789abcdef', 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function uniqueEmail(first: string, last: string, taken: Set<string>): string {
  const base = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
  let candidate = `${base}@mlc-construction.example`;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${base}${n}@mlc-construction.example`;
  taken.add(candidate);
  return candidate;
}

/** Yearly pay, hourly rate and weekly hours for a job; hourly rates to the cent, salaries to $10. */
export function payFor(jobCode: string, partTime: boolean, random: SeededRandom): { annualSalary: number; hourlyPayRate: number; weeklyHours: number } {
  const job = jobByCode(jobCode);
  if (!job) throw new Error(`unknown job ${jobCode}`);
  const weeklyHours = partTime ? 24 : 40;
  const [low, high] = job.payRange;
  if (job.salaryOrHourly === 'S') {
    const annualSalary = Math.round(random.int(low, high) / 10) * 10;
    return { annualSalary, hourlyPayRate: Math.round((annualSalary / 2080) * 100) / 100, weeklyHours };
  }
  const hourlyPayRate = Math.round((random.int(low, high) / 2080) * 100) / 100;
  return { annualSalary: Math.round(hourlyPayRate * weeklyHours * 52 * 100) / 100, hourlyPayRate, weeklyHours };
}

function randomDate(random: SeededRandom, from: string, to: string): string {
  const days = Math.round((dateToMs(to) - dateToMs(from)) / 86_400_000);
  return msToDate(dateToMs(from) + random.int(0, days) * 86_400_000);
}

function atTime(date: string, random: SeededRandom, hourFrom = 8, hourTo = 17): number {
  return dateToMs(date) + random.int(hourFrom, hourTo) * 3_600_000 + random.int(0, 59) * 60_000 + random.int(0, 59) * 1000 + random.int(0, 999);
}

interface LifeEvents {
  termination?: { date: string; reason: string };
  rehire?: string;
}

/** Fixed positions in the seed that left, or left and came back, so the data has every case. */
const LIFE_EVENTS: ReadonlyMap<number, LifeEvents> = new Map<number, LifeEvents>([
  [18, { termination: { date: '2025-04-30', reason: 'Resigned' } }],
  [47, { termination: { date: '2025-09-12', reason: 'Resigned' } }],
  [63, { termination: { date: '2026-02-27', reason: 'Laid off' } }],
  [88, { termination: { date: '2026-05-15', reason: 'Resigned' } }],
  [112, { termination: { date: '2026-07-31', reason: 'Retired' } }],
  [137, { termination: { date: '2026-08-21', reason: 'Discharged' } }],
  [171, { termination: { date: '2026-09-30', reason: 'Resigned' } }],
  [205, { termination: { date: '2026-10-16', reason: 'Laid off' } }],
  // Paid in the first November run, gone by the second.
  [96, { termination: { date: '2026-11-06', reason: 'Resigned' } }],
  [222, { termination: { date: '2026-11-10', reason: 'Resigned' } }],
  // Rehires: terminated, then hired again (lastHireDate after dateOfTermination).
  [54, { termination: { date: '2023-05-31', reason: 'Seasonal layoff' }, rehire: '2024-03-04' }],
  [158, { termination: { date: '2025-11-14', reason: 'Seasonal layoff' }, rehire: '2026-03-02' }],
]);

export function seedEmployees(): Employee[] {
  const random = new SeededRandom(0x5eed_0c01);
  const taken = new Set<string>();
  const employees: Employee[] = [];
  let index = 1;
  for (const center of COST_CENTERS) {
    const count = HEADCOUNT[center.code] ?? 0;
    let leadId: string | null = null;
    for (let position = 0; position < count; position += 1, index += 1) {
      const office = center.code === 'CC-100';
      const fieldServices = center.code === 'CC-500';
      const jobCode = position === 0 ? (office ? 'PM' : 'SUPT') : fieldServices ? 'FLDTEC' : office ? random.pick(OFFICE_JOBS) : random.pick(FIELD_JOBS);
      const partTime = jobCode === 'LAB' && random.next() < 0.25;
      const first = random.pick(FIRST_NAMES);
      const last = random.pick(LAST_NAMES);
      const events = LIFE_EVENTS.get(index) ?? {};
      const originalHireDate = fieldServices ? FIELD_SERVICES_START : randomDate(random, '2012-01-09', events.termination ? minusDays(events.termination.date, 120) : '2026-09-28');
      const lastHireDate = events.rehire ?? originalHireDate;
      const terminated = events.termination !== undefined && events.rehire === undefined;
      const town = HOME_TOWNS[center.code] ?? { city: 'Seattle', zips: ['98101'] };
      const createdMs = atTime(minusDays(originalHireDate, 7), random);
      const lastEvent = terminated ? plusDays(events.termination?.date ?? originalHireDate, 1) : events.rehire ?? randomDate(random, '2026-06-01', '2026-11-25');
      const changedMs = fieldServices ? atTime('2026-11-12', random) : Math.max(createdMs + 60_000, atTime(lastEvent, random));
      const employeeId = employeeIdFor(index, random);
      employees.push({
        employeeId,
        companyId: COMPANY.companyID,
        personId: personIdFor(random),
        employeeNumber: employeeNumberFor(index),
        firstName: first,
        middleName: random.next() < 0.6 ? random.pick(MIDDLE_INITIALS) : null,
        lastName: last,
        preferredName: random.next() < 0.1 ? first.slice(0, 3) : null,
        emailAddress: uniqueEmail(first, last, taken),
        homePhone: `206555${String(random.int(0, 9999)).padStart(4, '0')}`,
        workPhone: `206555${String(1000 + index).padStart(4, '0')}`,
        gender: random.next() < 0.5 ? 'F' : 'M',
        dateOfBirth: randomDate(random, '1964-01-01', '2004-12-31'),
        addressLine1: `${random.int(100, 9899)} ${random.pick(STREETS)}`,
        addressCity: town.city,
        addressState: 'WA',
        addressZipCode: random.pick(town.zips),
        jobCode,
        orgLevel1Code: center.branch,
        orgLevel2Code: center.code,
        supervisorId: leadId ?? employees[0]?.employeeId ?? null,
        fullTimeOrPartTime: partTime ? 'P' : 'F',
        salaryOrHourly: jobByCode(jobCode)?.salaryOrHourly ?? 'H',
        ...payFor(jobCode, partTime, random),
        payGroup: PAY_GROUP,
        originalHireDate,
        lastHireDate,
        dateInJob: lastHireDate,
        dateOfTermination: events.termination?.date ?? null,
        termReason: events.termination?.reason ?? null,
        status: terminated ? 'T' : 'A',
        statusStartDate: terminated ? (events.termination?.date ?? lastHireDate) : lastHireDate,
        createdMs,
        changedMs,
      });
      leadId ??= employeeId;
    }
  }
  return employees;
}

function minusDays(date: string, days: number): string {
  return msToDate(dateToMs(date) - days * 86_400_000);
}

function plusDays(date: string, days: number): string {
  return msToDate(dateToMs(date) + days * 86_400_000);
}
