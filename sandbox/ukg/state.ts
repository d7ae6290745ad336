import type { Company, Employee, EmployeeChange, GlRun, Job, OrgLevel, PayCheck } from './model';
import { COMPANY, seedJobs, seedOrgLevels } from './seed/company';
import { seedEmployees } from './seed/employees';
import { computeChecks, computeGlRun, SEED_RUNS, type PayRunInput } from './seed/payroll';

const FIRST_SYSTEM_ID = 880_001;
const FIRST_DOCUMENT = 4_100_001;

export interface UkgStateSnapshot {
  company: Company;
  employees: Employee[];
  orgLevels: OrgLevel[];
  jobs: Job[];
  runs: GlRun[];
  checks: PayCheck[];
  changes: EmployeeChange[];
  newHires: [string, Record<string, unknown>][];
  nextSystemId: number;
  nextDocument: number;
}

/** Everything the simulator serves; `reset` rebuilds it from the seed. */
export class UkgState {
  company!: Company;
  employees!: Employee[];
  orgLevels!: OrgLevel[];
  jobs!: Job[];
  runs!: GlRun[];
  checks!: PayCheck[];
  changes!: EmployeeChange[];
  /** Onboarding new hires by id (the OAuth-protected API); not employees until UKG hires them. */
  newHires!: Map<string, Record<string, unknown>>;
  private nextSystemId = FIRST_SYSTEM_ID;
  private index = new Map<string, Employee>();
  private indexed: Employee[] | null = null;
  private emails = new Set<string>();
  private emailsOf: Employee[] | null = null;
  private nextDocument = FIRST_DOCUMENT;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.company = { ...COMPANY };
    this.employees = seedEmployees();
    this.orgLevels = seedOrgLevels();
    this.jobs = seedJobs();
    this.changes = this.employees.map((employee) => ({ employeeId: employee.employeeId, atMs: employee.changedMs }));
    this.runs = [];
    this.checks = [];
    this.newHires = new Map();
    this.nextSystemId = FIRST_SYSTEM_ID;
    this.nextDocument = FIRST_DOCUMENT;
    for (const run of SEED_RUNS) this.addRun(run);
  }

  /** Everything above as plain data, for the sandbox's data file. */
  snapshot(): UkgStateSnapshot {
    return {
      company: this.company,
      employees: this.employees,
      orgLevels: this.orgLevels,
      jobs: this.jobs,
      runs: this.runs,
      checks: this.checks,
      changes: this.changes,
      newHires: [...this.newHires],
      nextSystemId: this.nextSystemId,
      nextDocument: this.nextDocument,
    };
  }

  restore(snapshot: UkgStateSnapshot): void {
    if (!snapshot || typeof snapshot !== 'object' || !Array.isArray(snapshot.employees) || !Array.isArray(snapshot.runs)) throw new Error('not a UKG state snapshot');
    this.company = snapshot.company;
    this.employees = snapshot.employees;
    this.orgLevels = snapshot.orgLevels;
    this.jobs = snapshot.jobs;
    this.runs = snapshot.runs;
    this.checks = snapshot.checks;
    this.changes = snapshot.changes;
    this.newHires = new Map(snapshot.newHires);
    this.nextSystemId = snapshot.nextSystemId;
    this.nextDocument = snapshot.nextDocument;
    this.indexed = null;
  }

  employee(employeeId: string): Employee | undefined {
    // Employees are only ever added and their ids never change, so the index is stale exactly when
    // the list grew; per-employee requests (10,000 in a two-pass read) then cost no scan.
    if (this.index.size !== this.employees.length || this.indexed !== this.employees) {
      this.index = new Map(this.employees.map((employee) => [employee.employeeId, employee]));
      this.indexed = this.employees;
    }
    return this.index.get(employeeId.toUpperCase());
  }

  /**
   * Every e-mail address in use, for a hire's unique address. Built once per employee list (reset and
   * restore replace the list) and kept up by the hire and change controls, so 40,000 hires cost no
   * rebuild each. An address changed away from stays in: that only skips an address that is free.
   */
  takenEmails(): Set<string> {
    if (this.emailsOf !== this.employees) {
      this.emails = new Set(this.employees.map((employee) => employee.emailAddress));
      this.emailsOf = this.employees;
    }
    return this.emails;
  }

  /** Computes a run from today's employees; its checks feed the pay register and pay statements. */
  addRun(input: PayRunInput): GlRun {
    if (this.runs.some((run) => run.runId === input.runId)) throw new Error(`GL run ${input.runId} already exists`);
    const checks = computeChecks(input, this.employees, this.nextDocument);
    const run = computeGlRun(input, checks, this.nextSystemId);
    this.nextDocument += checks.length;
    this.nextSystemId += run.lines.length;
    this.runs.push(run);
    this.checks.push(...checks);
    return run;
  }

  /** The run UKG means by `mostRecent=true`: the latest GL run date-time. */
  mostRecentRun(): GlRun | undefined {
    return [...this.runs].sort((a, b) => b.glRunMs - a.glRunMs)[0];
  }

  recordChange(employee: Employee, atMs: number): void {
    employee.changedMs = atMs;
    this.changes.push({ employeeId: employee.employeeId, atMs });
  }
}
