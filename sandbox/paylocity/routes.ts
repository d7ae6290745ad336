import { empty, HttpError, json, type Router, type SandboxRequest } from '../kit';
import type { TokenStore } from './auth';
import type { EmployeeControl, WriteResult } from './control';
import { employeeInputSchema, schemaErrors, type EmployeeInput } from './employee-input';
import type { Employee, PayStatement } from './model';
import type { WireOptions } from './options';
import { CODE_RESOURCES, COMPANY, CUSTOM_FIELDS } from './seed/company';
import { employeeDocument, employeeInfo, matchesCodeGroup, statementDetail, statementSummary } from './shapes';
import type { PaylocityState } from './state';
import { isRealDate } from './wire/dates';
import { badRequest, fieldError, notFound } from './wire/errors';
import { pagedJson } from './wire/paging';

const BASE = '/api/v2/companies/:companyId';

/**
 * The WebLink v2 routes the sandbox serves. Every one checks, in order: the bearer token (401), the
 * client's company scope (403), the company (404 array error).
 */
export function registerWebLink(router: Router, deps: { state: PaylocityState; tokens: TokenStore; control: EmployeeControl; options: () => WireOptions }): void {
  const { state, tokens, control, options } = deps;

  const gate = (request: SandboxRequest<{ companyId: string }>, operation: string): void => {
    request.annotate({ operation });
    tokens.require(request, request.params.companyId);
    if (request.params.companyId.toLowerCase() !== COMPANY.companyId.toLowerCase()) throw notFound('companyId', 'The company does not exist');
  };
  const employeeOr404 = (employeeId: string): Employee => {
    const employee = state.employee(employeeId);
    if (!employee) throw notFound('employeeId', 'The employee does not exist');
    return employee;
  };

  router.get(`${BASE}/employees`, (request) => {
    gate(request, 'employees.list');
    const rows = [...state.employees].sort(byEmployeeId).map(employeeInfo);
    return pagedJson(request, rows, options().maxPageSize);
  });

  router.post(`${BASE}/employees`, async (request) => {
    gate(request, 'employees.create');
    const input = await employeeBody(request);
    const result = control.create(input, options().newHireRequired);
    const employee = written(result);
    request.annotate({ employeeId: employee.employeeId });
    return json([{ employeeId: employee.employeeId }], { status: 201 });
  });

  router.get(`${BASE}/employees/:employeeId`, (request) => {
    gate(request, 'employees.get');
    const document = employeeDocument(employeeOr404(request.params.employeeId), options().dateOutput);
    return json(options().employeeGetShape === 'array' ? [document] : document);
  });

  router.patch(`${BASE}/employees/:employeeId`, async (request) => {
    gate(request, 'employees.update');
    employeeOr404(request.params.employeeId);
    const input = await employeeBody(request);
    if (typeof input.employeeId === 'string' && input.employeeId !== '' && input.employeeId !== request.params.employeeId) {
      throw badRequest([fieldError('employeeId', 'The employee ID in the body does not match the URL')]);
    }
    const result = control.update(request.params.employeeId, input);
    if (!result) throw notFound('employeeId', 'The employee does not exist');
    written(result);
    request.annotate({ employeeId: request.params.employeeId });
    return empty(200);
  });

  for (const kind of ['summary', 'details'] as const) {
    const serve = (request: SandboxRequest<{ companyId: string; employeeId: string; year: string; checkDate?: string }>) => {
      gate(request as SandboxRequest<{ companyId: string }>, `paystatement.${kind}`);
      const employee = employeeOr404(request.params.employeeId);
      const year = request.params.year;
      if (!/^\d{4}$/.test(year)) throw badRequest([fieldError('year', `The value '${year}' is not valid for year`, '$.year')]);
      let statements = state.statementsOf(employee.employeeId).filter((statement) => statement.year === Number(year));
      if (statements.length === 0) throw notFound('year', `No pay statements for year ${year}`);
      if (request.params.checkDate !== undefined) {
        const checkDate = parseCheckDate(request.params.checkDate, options().checkDatePath);
        statements = statements.filter((statement) => statement.checkDate === checkDate);
        if (statements.length === 0) throw notFound('checkDate', `No pay statement on check date ${request.params.checkDate}`);
      }
      statements.sort(byCheck);
      const format = options().dateOutput;
      if (kind === 'summary') return pagedJson(request, statements.map((statement) => statementSummary(statement, format)), options().maxPageSize);
      const codeGroup = request.query.get('codegroup');
      const lines = statements.flatMap((statement) => statement.lines.filter((line) => matchesCodeGroup(line, codeGroup)).map((line) => statementDetail(statement, line, format)));
      return pagedJson(request, lines, options().maxPageSize);
    };
    router.get(`${BASE}/employees/:employeeId/paystatement/${kind}/:year`, serve);
    router.get(`${BASE}/employees/:employeeId/paystatement/${kind}/:year/:checkDate`, serve);
  }

  router.get(`${BASE}/codes/:codeResource`, (request) => {
    gate(request, 'codes');
    const codes = CODE_RESOURCES[request.params.codeResource.toLowerCase()];
    if (!codes) throw notFound('codeResource', 'Invalid Code Resource');
    request.annotate({ codeResource: request.params.codeResource.toLowerCase() });
    return json(codes.map(({ code, description }) => ({ code, description })));
  });

  router.get(`${BASE}/customfields/:category`, (request) => {
    gate(request, 'customfields');
    const category = request.params.category.toLowerCase();
    const fields = CUSTOM_FIELDS.filter((field) => field.category.toLowerCase() === category);
    if (fields.length === 0) throw notFound('category', 'Invalid Category');
    return json(fields);
  });

  // What an ASP.NET API answers for a path it does not have: 404 with an empty body.
  router.fallback(() => empty(404));
}

async function employeeBody(request: SandboxRequest): Promise<EmployeeInput> {
  if (request.contentType !== 'application/json') throw new HttpError(415, '');
  let body: unknown;
  try {
    body = await request.json();
  } catch (error) {
    if (error instanceof HttpError) throw badRequest([fieldError('employee', 'The request body is not valid JSON', '$')]);
    throw error;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest([fieldError('employee', 'The employee model is required', '$')]);
  const parsed = employeeInputSchema.safeParse(body);
  if (!parsed.success) throw badRequest(schemaErrors(parsed.error.issues));
  return parsed.data;
}

function written(result: WriteResult): Employee {
  if (!result.ok) throw badRequest(result.errors);
  return result.employee;
}

/** `{checkDate}` in the path: ISO (`2026-11-13`) or US (`11-13-2026`) as configured; anything else is a 400. */
function parseCheckDate(value: string, accepted: WireOptions['checkDatePath']): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const us = /^(\d{2})-(\d{2})-(\d{4})$/.exec(value);
  const date = iso && accepted !== 'us' ? value : us && accepted !== 'iso' ? `${us[3]}-${us[1]}-${us[2]}` : undefined;
  if (date === undefined || !isRealDate(date)) {
    const expected = accepted === 'iso' ? 'CCYY-MM-DD' : accepted === 'us' ? 'MM-DD-CCYY' : 'CCYY-MM-DD or MM-DD-CCYY';
    throw badRequest([fieldError('checkDate', `The value '${value}' is not a valid check date; use ${expected}`, '$.checkDate')]);
  }
  return date;
}

function byEmployeeId(a: Employee, b: Employee): number {
  return a.employeeId.length - b.employeeId.length || a.employeeId.localeCompare(b.employeeId);
}

function byCheck(a: PayStatement, b: PayStatement): number {
  return a.checkDate.localeCompare(b.checkDate) || a.transactionNumber - b.transactionNumber;
}
