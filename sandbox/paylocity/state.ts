import type { Employee, PayRun, PayStatement } from './model';
import { FIRST_EMPLOYEE_NUMBER, seedEmployees } from './seed/employees';
import { computeStatements, FIRST_COUNTERS, payRunFor, SEED_RUNS, type PayRunInput, type StatementCounters } from './seed/payroll';

export interface PaylocityStateSnapshot {
  employees: Employee[];
  statements: PayStatement[];
  runs: PayRun[];
  counters: StatementCounters;
  revision: number;
}

/** Everything the simulator serves for company MLC01; `reset` rebuilds it from the seed. */
export class PaylocityState {
  employees!: Employee[];
  statements!: PayStatement[];
  runs!: PayRun[];
  private counters!: StatementCounters;
  /** Bumped by every write: the kit saves the data file when it moved (persistence `changeMark`). */
  revision = 0;
  private index = new Map<string, Employee>();
  private indexed: Employee[] | null = null;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.employees = seedEmployees();
    this.statements = [];
    this.runs = [];
    this.counters = { ...FIRST_COUNTERS };
    this.indexed = null;
    for (const run of SEED_RUNS) this.addRun(run);
    this.revision += 1;
  }

  snapshot(): PaylocityStateSnapshot {
    return { employees: this.employees, statements: this.statements, runs: this.runs, counters: this.counters, revision: this.revision };
  }

  restore(snapshot: PaylocityStateSnapshot): void {
    if (!snapshot || typeof snapshot !== 'object' || !Array.isArray(snapshot.employees) || !Array.isArray(snapshot.statements) || !Array.isArray(snapshot.runs)) {
      throw new Error('not a Paylocity state snapshot');
    }
    this.employees = snapshot.employees;
    this.statements = snapshot.statements;
    this.runs = snapshot.runs;
    this.counters = snapshot.counters;
    this.revision = snapshot.revision;
    this.indexed = null;
  }

  touch(): void {
    this.revision += 1;
  }

  employee(employeeId: string): Employee | undefined {
    // Employees are only ever added and ids never change, so the index is stale exactly when the list grew.
    if (this.indexed !== this.employees || this.index.size !== this.employees.length) {
      this.index = new Map(this.employees.map((employee) => [employee.employeeId, employee]));
      this.indexed = this.employees;
    }
    return this.index.get(employeeId);
  }

  /** The next free numeric id, for a new hire that leaves `employeeId` empty. */
  nextEmployeeId(): string {
    const highest = this.employees.reduce((max, employee) => (/^\d+$/.test(employee.employeeId) ? Math.max(max, Number(employee.employeeId)) : max), FIRST_EMPLOYEE_NUMBER);
    return String(highest + 1);
  }

  /** Computes a run's statements from today's employees and records the run. */
  addRun(input: PayRunInput): PayRun {
    const run = payRunFor(input);
    if (this.runs.some((existing) => existing.processId === run.processId)) throw new Error(`payroll ${run.processId} was already processed`);
    this.statements.push(...computeStatements(input, this.employees, this.counters));
    this.runs.push(run);
    this.touch();
    return run;
  }

  statementsOf(employeeId: string): PayStatement[] {
    return this.statements.filter((statement) => statement.employeeId === employeeId);
  }
}
