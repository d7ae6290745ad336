import { empty, json, type Router, type SandboxRequest } from '../kit';
import type { SandboxUser } from './accounts';
import { admitCaller, type ApiContext } from './context';
import type { ImportEngine } from './imports';
import { transformMapsFor } from './staging';
import { mayRead, mayWrite, TABLES, type TableDef } from './tables';
import { noRecord, notAuthorized, snError } from './wire';

/** The Import Set API (B.5): one row with a synchronous transform, `insertMultiple`, and a row's result read again. */
export function registerImportApi(router: Router, ctx: ApiContext, imports: ImportEngine): void {
  for (const base of ['/api/now/import', '/api/now/v1/import'] as const) {
    router.post(`${base}/:staging/insertMultiple`, async (request) => {
      const { answer, user, staging } = open(request, ctx, imports);
      const body = await jsonBody(request);
      const records = (body as { records?: unknown }).records;
      if (!Array.isArray(records) || records.some((record) => !record || typeof record !== 'object' || Array.isArray(record))) {
        throw snError(400, 'Invalid request body', 'insertMultiple takes {"records": [ {...}, ... ]}');
      }
      const { importSet, multiImportSetId } = imports.importMany(staging.name, records as Array<Record<string, unknown>>, user.userName);
      request.annotate({ importSet: importSet.sys_id!, rows: records.length });
      return answer(json({ import_set_id: importSet.sys_id, multi_import_set_id: multiImportSetId }, { status: 201 }));
    });
    router.post(`${base}/:staging`, async (request) => {
      const { answer, user, staging } = open(request, ctx, imports);
      const body = await jsonBody(request);
      const { importSet, results } = imports.importOne(staging.name, body, user.userName, request.origin);
      request.annotate({ importSet: importSet.sys_id!, status: results.map((result) => result.status).join(',') });
      if (hidesResult(ctx, user, staging.name)) return answer(empty(201, { 'content-type': 'application/json' }));
      return answer(json({ import_set: importSet.number, staging_table: staging.name, result: results }, { status: 201 }));
    });
    router.get(`${base}/:staging/:sys_id`, (request) => {
      const { answer, staging } = open(request, ctx, imports, 'read');
      const row = ctx.state.find(staging.name, request.params.sys_id);
      if (!row) throw noRecord();
      const importSet = ctx.state.find('sys_import_set', row.sys_import_set ?? '');
      return answer(json({ import_set: importSet?.number ?? '', staging_table: staging.name, result: imports.resultOf(row, request.origin) }));
    });
  }
}

function open(request: SandboxRequest<{ staging: string }>, ctx: ApiContext, imports: ImportEngine, access: 'read' | 'write' = 'write') {
  const caller = admitCaller(request, ctx);
  const staging = imports.stagingTable(request.params.staging);
  if (!staging) throw snError(400, `Invalid table ${request.params.staging}`, null);
  request.annotate({ table: staging.name });
  if (!(access === 'read' ? mayRead(staging, caller.user.roles) : mayWrite(staging, caller.user.roles))) throw notAuthorized();
  return { ...caller, staging };
}

async function jsonBody(request: SandboxRequest): Promise<Record<string, unknown>> {
  if (request.contentType !== 'application/json') throw snError(415, 'Unsupported Media Type', `Content-Type ${request.contentType || '(none)'} is not supported; use application/json`);
  const body = await request.json();
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw snError(400, 'Invalid request body', 'The payload is not a JSON object');
  return body as Record<string, unknown>;
}

/** 201 with nothing in it: the row was imported but an ACL keeps the caller from reading what it became (B.5, KB3047115). */
function hidesResult(ctx: ApiContext, user: SandboxUser, staging: string): boolean {
  switch (ctx.options().emptyImportBody) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'acl':
      return transformMapsFor(staging).some((map) => !mayRead(TABLES.get(map.target) as TableDef, user.roles));
  }
}
