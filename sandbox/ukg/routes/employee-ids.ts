import { z } from 'zod';
import { json, type Router } from '../../kit';
import { requireServiceAccount } from '../auth';
import type { Employee } from '../model';
import type { UkgState } from '../state';
import { badRequest } from '../wire/errors';

const IDENTIFIER_TYPES = ['EmailAddress', 'EmployeeNumber', 'NationalID', 'SIN', 'PersonID', 'SSN', 'EmployeeID', 'UserIntegrationKey'] as const;
const COMPANY_IDENTIFIER_TYPES = ['Company ID', 'Company Code', 'Federal ID'] as const;

const identifier = z.object({
  employeeIdentifierType: z.string(),
  employeeIdentifierValue: z.string(),
  companyIdentifierType: z.string().nullish(),
  companyIdentifierValue: z.string().nullish(),
});
type Identifier = z.infer<typeof identifier>;

interface ItemStatus {
  sequenceId: number;
  status: string;
  modelstate: Record<string, Array<{ message: string; type: string }>> | null;
  body: { eeid: string; coid: string[] } | null;
}

/**
 * `POST /personnel/v1/employee-ids`: a lookup by sensitive identifiers, so a POST that needs View and
 * Add. Always 207; each identifier gets its own status ("200" found, "404" not found, "400" invalid).
 * The envelope comes wrapped in a one-element array, as the spec types the response.
 */
export function registerEmployeeIds(router: Router, state: UkgState): void {
  router.post('/personnel/v1/employee-ids', async (request) => {
    requireServiceAccount(request, 'Personnel Integration', ['View', 'Add']);
    request.annotate({ resource: 'employee-ids' });
    const parsed = z.array(z.unknown()).min(1).safeParse(await request.json());
    if (!parsed.success) throw badRequest('body', 'The request body must be a non-empty array of identifiers.');
    const items = parsed.data.map((raw, sequenceId): ItemStatus => lookup(state, raw, sequenceId));
    const errorCount = items.filter((item) => item.status !== '200').length;
    return json(
      [
        {
          title: errorCount === 0 ? 'All identifiers found' : 'Some identifiers could not be resolved',
          type: 'multi-status',
          detail: `${items.length - errorCount} of ${items.length} identifiers resolved`,
          errorCount,
          multistatus: items,
          success_count: items.length - errorCount,
          error_count: errorCount,
          errors: [],
        },
      ],
      { status: 207 },
    );
  });
}

function lookup(state: UkgState, raw: unknown, sequenceId: number): ItemStatus {
  const parsed = identifier.safeParse(raw);
  if (!parsed.success) return failure(sequenceId, '400', 'employeeIdentifierType', 'employeeIdentifierType and employeeIdentifierValue are required.', 'required');
  const item = parsed.data;
  if (!(IDENTIFIER_TYPES as readonly string[]).includes(item.employeeIdentifierType)) {
    return failure(sequenceId, '400', 'employeeIdentifierType', `'${item.employeeIdentifierType}' is not a valid identifier type.`, 'invalid');
  }
  if (item.companyIdentifierType && !(COMPANY_IDENTIFIER_TYPES as readonly string[]).includes(item.companyIdentifierType)) {
    return failure(sequenceId, '400', 'companyIdentifierType', `'${item.companyIdentifierType}' is not a valid company identifier type.`, 'invalid');
  }
  const employee = state.employees.find((candidate) => matchesEmployee(candidate, item) && matchesCompany(state, item));
  if (!employee) return failure(sequenceId, '404', 'employeeIdentifierValue', 'Employee not found.', 'not-found');
  return { sequenceId, status: '200', modelstate: null, body: { eeid: employee.employeeId, coid: [employee.companyId] } };
}

function matchesEmployee(employee: Employee, item: Identifier): boolean {
  const value = item.employeeIdentifierValue.trim().toLowerCase();
  switch (item.employeeIdentifierType) {
    case 'EmailAddress':
      return employee.emailAddress.toLowerCase() === value;
    case 'EmployeeNumber':
      return employee.employeeNumber === value;
    case 'EmployeeID':
      return employee.employeeId.toLowerCase() === value;
    case 'PersonID':
      return employee.personId === value;
    default:
      return false; // the sandbox keeps no national ids
  }
}

function matchesCompany(state: UkgState, item: Identifier): boolean {
  if (!item.companyIdentifierType || !item.companyIdentifierValue) return true;
  const value = item.companyIdentifierValue.trim().toUpperCase();
  if (item.companyIdentifierType === 'Company ID') return state.company.companyID === value;
  if (item.companyIdentifierType === 'Company Code') return state.company.companyCode === value;
  return state.company.federalTaxId === value;
}

function failure(sequenceId: number, status: string, field: string, message: string, type: string): ItemStatus {
  return { sequenceId, status, modelstate: { [field]: [{ message, type }] }, body: null };
}
