import { z } from 'zod';
import { HttpError, json, type Router, type SandboxRequest } from '../../kit';
import { requireServiceAccount } from '../auth';
import type { Job, OrgLevel } from '../model';
import type { AfterCommitFaults } from '../after-commit';
import type { UkgState } from '../state';
import { badRequest, noRecords, notFound } from '../wire/errors';
import { applyFilters, type FilterSpec } from '../wire/filters';
import { pageFromRequest } from '../wire/paging';

const SERVICE = 'Company Configuration Integration';

const LEVEL_NAMES: Readonly<Record<number, string>> = { 1: 'Branch', 2: 'Cost Center', 3: 'Department', 4: 'Project' };

const editable = {
  description: z.string().min(1).max(25),
  budgetGroup: z.string().nullish(),
  glSegment: z.string().min(1).max(15).nullish(),
  reportingCategory: z.string().nullish(),
  isActive: z.boolean().nullish(),
  currentYearBudgetFTE: z.number().nullish(),
  currentYearBudgetSalary: z.number().nullish(),
  lastYearBudgetFTE: z.number().nullish(),
  lastYearBudgetSalary: z.number().nullish(),
};
const newOrgLevel = z.object({ level: z.number().int().min(1).max(4), code: z.string().min(1).max(10), levelDescription: z.string().nullish(), ...editable });
const replacement = z.object({ level: z.number().nullish(), code: z.string().nullish(), levelDescription: z.string().nullish(), ...editable });
const patch = replacement.partial();

const orgLevelFilters: Readonly<Record<string, FilterSpec<OrgLevel>>> = {
  levelDescription: { kind: 'text', get: (org) => org.levelDescription },
  code: { kind: 'list', get: (org) => org.code },
  budgetGroup: { kind: 'text', get: (org) => org.budgetGroup },
  reportingCategory: { kind: 'text', get: (org) => org.reportingCategory },
  isActive: { kind: 'boolean', get: (org) => org.isActive },
};

const jobFilters: Readonly<Record<string, FilterSpec<Job>>> = {
  countryCode: { kind: 'text', get: (job) => job.countryCode },
  isActive: { kind: 'boolean', get: (job) => job.isActive },
};

type Issues = Record<string, Array<{ message: string; type: string }>>;

/** company-details, org levels (read, bulk create, PUT and PATCH) and job codes. `afterCommit` may cut the bulk POST's answer once it is stored. */
export function registerConfiguration(router: Router, state: UkgState, afterCommit?: AfterCommitFaults): void {
  router.get('/configuration/v1/company-details', (request) => {
    requireServiceAccount(request, SERVICE);
    const company = state.company;
    const row = {
      isMasterCompany: 'false',
      masterCompanyId: null,
      ...company,
      addressLine2: null,
      addressCountry: 'USA',
      phoneNumberExtension: null,
      orgLevel1Code: 'Branch',
      orgLevel2Code: 'Cost Center',
      orgLevel3Code: null,
      orgLevel4Code: null,
    };
    return json(pageFromRequest(request, applyFilters([row], request.query, { companyId: { kind: 'list', get: (r) => r.companyID } })));
  });

  // The spec declares no paging on org-levels: the whole filtered list comes back.
  router.get('/configuration/v1/org-levels', (request) => {
    requireServiceAccount(request, SERVICE);
    const matching = applyFilters(state.orgLevels, request.query, orgLevelFilters);
    if (matching.length === 0) throw noRecords();
    return json(matching.map(orgLevelShape));
  });

  router.get('/configuration/v1/org-levels/:level/:code', (request) => {
    requireServiceAccount(request, SERVICE);
    return json(orgLevelShape(findOrgLevel(state, request.params.level, request.params.code)));
  });

  router.post('/configuration/v1/org-levels', async (request) => {
    requireServiceAccount(request, SERVICE, ['Add']);
    const body = await request.json();
    const items = Array.isArray(body) ? body : [body];
    if (items.length === 0) throw badRequest('body', 'At least one org level is required.');
    const multistatus = items.map((raw, sequenceId) => {
      const parsed = newOrgLevel.safeParse(raw);
      if (!parsed.success) return { sequenceId, status: '400', modelstate: issuesOf(parsed.error.issues), body: null };
      const item = parsed.data;
      if (state.orgLevels.some((org) => org.level === item.level && org.code.toUpperCase() === item.code.toUpperCase())) {
        return { sequenceId, status: '409', modelstate: { code: [{ message: `Org level ${item.level} code '${item.code}' already exists.`, type: 'duplicate' }] }, body: null };
      }
      const created: OrgLevel = {
        level: item.level,
        code: item.code.toUpperCase(),
        description: item.description,
        levelDescription: LEVEL_NAMES[item.level] ?? `Level ${item.level}`,
        budgetGroup: item.budgetGroup ?? null,
        glSegment: item.glSegment ?? null,
        reportingCategory: item.reportingCategory ?? null,
        isActive: item.isActive ?? true,
        currentYearBudgetFTE: item.currentYearBudgetFTE ?? null,
        currentYearBudgetSalary: item.currentYearBudgetSalary ?? null,
        lastYearBudgetFTE: item.lastYearBudgetFTE ?? null,
        lastYearBudgetSalary: item.lastYearBudgetSalary ?? null,
      };
      state.orgLevels.push(created);
      return { sequenceId, status: '201', modelstate: null, body: orgLevelShape(created) };
    });
    const errorCount = multistatus.filter((item) => item.status !== '201').length;
    const answer = json(
      {
        title: errorCount === 0 ? 'All org levels created' : 'Some org levels were not created',
        type: 'multi-status',
        detail: `${items.length - errorCount} of ${items.length} org levels created`,
        errorCount,
        multistatus,
        success_count: items.length - errorCount,
        error_count: errorCount,
        errors: [],
      },
      { status: 207 },
    );
    return afterCommit ? afterCommit.apply(request, answer) : answer;
  });

  const update = (mode: 'put' | 'patch') => async (request: SandboxRequest<Record<'level' | 'code', string>>) => {
    requireServiceAccount(request, SERVICE, ['Edit']);
    const existing = findOrgLevel(state, request.params.level, request.params.code);
    const parsed = (mode === 'put' ? replacement : patch).safeParse(await request.json());
    if (!parsed.success) throw validation(issuesOf(parsed.error.issues));
    const body = parsed.data;
    // level, code and levelDescription are the key and cannot be changed.
    const immutable: Issues = {};
    if (body.level != null && body.level !== existing.level) immutable.level = [{ message: 'level cannot be updated.', type: 'immutable' }];
    if (body.code != null && body.code.toUpperCase() !== existing.code) immutable.code = [{ message: 'code cannot be updated.', type: 'immutable' }];
    if (body.levelDescription != null && body.levelDescription !== existing.levelDescription) immutable.levelDescription = [{ message: 'levelDescription cannot be updated.', type: 'immutable' }];
    if (Object.keys(immutable).length > 0) throw validation(immutable);
    const fields = ['description', 'budgetGroup', 'glSegment', 'reportingCategory', 'isActive', 'currentYearBudgetFTE', 'currentYearBudgetSalary', 'lastYearBudgetFTE', 'lastYearBudgetSalary'] as const;
    const next: OrgLevel = { ...existing };
    for (const field of fields) {
      const value = body[field];
      if (mode === 'patch' && value === undefined) continue;
      Object.assign(next, { [field]: value ?? (field === 'isActive' ? true : null) });
    }
    Object.assign(existing, next);
    return json(orgLevelShape(existing));
  };
  router.put('/configuration/v1/org-levels/:level/:code', update('put'));
  router.patch('/configuration/v1/org-levels/:level/:code', update('patch'));

  for (const base of ['/configuration/v1/jobs', '/jobs'] as const) {
    router.get(base, (request) => {
      requireServiceAccount(request, SERVICE);
      const matching = applyFilters(state.jobs, request.query, jobFilters);
      if (matching.length === 0) throw noRecords();
      return json(matching.map(jobShape));
    });
    router.get(`${base}/:code`, (request) => {
      requireServiceAccount(request, SERVICE);
      const job = state.jobs.find((candidate) => candidate.code === request.params.code.toUpperCase());
      if (!job) throw notFound(`Job '${request.params.code}' was not found.`);
      return json(jobShape(job));
    });
  }
}

function findOrgLevel(state: UkgState, level: string, code: string): OrgLevel {
  const found = state.orgLevels.find((org) => String(org.level) === level && org.code === code.toUpperCase());
  if (!found) throw notFound(`Org level ${level} code '${code}' was not found.`);
  return found;
}

function orgLevelShape(org: OrgLevel): Record<string, unknown> {
  return { ...org };
}

function jobShape(job: Job): Record<string, unknown> {
  return { code: job.code, title: job.title, countryCode: job.countryCode, jobFamilyCode: job.jobFamilyCode, isActive: job.isActive };
}

function issuesOf(issues: readonly z.core.$ZodIssue[]): Issues {
  const out: Issues = {};
  for (const issue of issues) {
    const field = issue.path.join('.') || 'body';
    (out[field] ??= []).push({ message: issue.message, type: issue.code });
  }
  return out;
}

/** The 400 body for a single-record write, one message list per field. */
function validation(modelstate: Issues): HttpError {
  return new HttpError(400, {
    type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
    title: 'One or more validation errors occurred.',
    status: 400,
    errors: Object.fromEntries(Object.entries(modelstate).map(([field, entries]) => [field, entries.map((entry) => entry.message)])),
  });
}
