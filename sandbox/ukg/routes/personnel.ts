import { json, type Router, type SandboxRequest } from '../../kit';
import type { WebService } from '../accounts';
import { requireServiceAccount } from '../auth';
import type { Employee } from '../model';
import { compensationDetails, employmentDetails, personDetails } from '../shapes/personnel';
import type { UkgState } from '../state';
import { msToDate } from '../wire/dates';
import { notFound } from '../wire/errors';
import { applyFilters, type FilterSpec } from '../wire/filters';
import { pageFromRequest } from '../wire/paging';

interface PersonnelResource {
  path: string;
  service: WebService;
  shape: (employee: Employee, state: UkgState) => Record<string, unknown>;
  filters: Readonly<Record<string, FilterSpec<Employee>>>;
  /** `/personnel/v1/<resource>/{employeeId}` exists (one object, not an array). */
  byEmployeeId: boolean;
}

const changedDate = (employee: Employee): string => msToDate(employee.changedMs);
const createdDate = (employee: Employee): string => msToDate(employee.createdMs);
const identity: Readonly<Record<string, FilterSpec<Employee>>> = {
  companyId: { kind: 'list', get: (employee) => employee.companyId },
  employeeId: { kind: 'list', get: (employee) => employee.employeeId },
};

const RESOURCES: readonly PersonnelResource[] = [
  {
    path: 'person-details',
    service: 'Employee Person Details',
    shape: (employee) => personDetails(employee),
    byEmployeeId: true,
    filters: {
      ...identity,
      lastName: { kind: 'text', get: (employee) => employee.lastName },
      emailAddress: { kind: 'text', get: (employee) => employee.emailAddress },
      addressState: { kind: 'text', get: (employee) => employee.addressState },
      addressCountry: { kind: 'text', get: () => 'USA' },
      dateTimeCreated: { kind: 'date', get: createdDate },
      dateTimeChanged: { kind: 'date', get: changedDate },
    },
  },
  {
    path: 'employment-details',
    service: 'Personnel Integration',
    shape: (employee, state) => employmentDetails(employee, state.company, employee.supervisorId ? state.employee(employee.supervisorId) : undefined),
    byEmployeeId: false,
    filters: {
      ...identity,
      primaryJobCode: { kind: 'list', get: (employee) => employee.jobCode },
      employeeStatusCode: { kind: 'list', get: (employee) => employee.status },
      employeeNumber: { kind: 'list', get: (employee) => employee.employeeNumber },
      fullTimeOrPartTimeCode: { kind: 'list', get: (employee) => employee.fullTimeOrPartTime },
      supervisorID: { kind: 'list', get: (employee) => employee.supervisorId },
      payGroup: { kind: 'list', get: (employee) => employee.payGroup },
      originalHireDate: { kind: 'date', get: (employee) => employee.originalHireDate },
      lastHireDate: { kind: 'date', get: (employee) => employee.lastHireDate },
      dateOfTermination: { kind: 'date', get: (employee) => employee.dateOfTermination },
      dateTimeCreated: { kind: 'date', get: createdDate },
      dateTimeChanged: { kind: 'date', get: changedDate },
    },
  },
  {
    path: 'compensation-details',
    service: 'Employee Compensation Details',
    shape: (employee) => compensationDetails(employee),
    byEmployeeId: true,
    filters: {
      ...identity,
      primaryJobCode: { kind: 'list', get: (employee) => employee.jobCode },
      payGroupCode: { kind: 'list', get: (employee) => employee.payGroup },
      fullTimeOrPartTimeCode: { kind: 'list', get: (employee) => employee.fullTimeOrPartTime },
      salaryOrHourlyCode: { kind: 'list', get: (employee) => employee.salaryOrHourly },
      dateInJob: { kind: 'date', get: (employee) => employee.dateInJob },
    },
  },
];

/** person-details, employment-details and compensation-details, each in its list, company and single-employee forms. */
export function registerPersonnel(router: Router, state: UkgState): void {
  for (const resource of RESOURCES) {
    const list = (request: SandboxRequest, scope: { companyId?: string; employeeId?: string }): Record<string, unknown>[] => {
      requireServiceAccount(request, resource.service);
      request.annotate({ resource: resource.path });
      const inScope = (employee: Employee): boolean => scope.companyId === undefined || employee.companyId === scope.companyId.toUpperCase();
      let scoped: Employee[];
      if (scope.employeeId !== undefined) {
        const one = state.employee(scope.employeeId);
        scoped = one && inScope(one) ? [one] : [];
      } else {
        scoped = state.employees.filter(inScope);
      }
      return pageFromRequest(request, applyFilters(scoped, request.query, resource.filters)).map((employee) => resource.shape(employee, state));
    };
    router.get(`/personnel/v1/${resource.path}`, (request) => json(list(request, {})));
    router.get(`/personnel/v1/companies/:companyId/${resource.path}`, (request) => json(list(request, { companyId: request.params.companyId })));
    router.get(`/personnel/v1/companies/:companyId/employees/:employeeId/${resource.path}`, (request) =>
      json(list(request, { companyId: request.params.companyId, employeeId: request.params.employeeId })),
    );
    if (resource.byEmployeeId) {
      router.get(`/personnel/v1/${resource.path}/:employeeId`, (request) => {
        requireServiceAccount(request, resource.service);
        request.annotate({ resource: resource.path });
        const employee = state.employee(request.params.employeeId);
        if (!employee) throw notFound(`Employee '${request.params.employeeId}' was not found.`);
        return json(resource.shape(employee, state));
      });
    }
  }
}
