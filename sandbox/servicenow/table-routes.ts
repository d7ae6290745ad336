import { empty, json, setHeader, type Router, type SandboxRequest, type SandboxResponse } from '../kit';
import { admitCaller, type ApiContext } from './context';
import { parseQuery, runQuery } from './query';
import { renderRow, type DisplayMode, type RenderOptions } from './render';
import type { Row } from './state';
import { mayRead, mayWrite, tableDef, type TableDef } from './tables';
import { asFieldString, noRecord, notAuthorized, snError } from './wire';

const DEFAULT_LIMIT = 10_000;

/** The Table API (B.2) under `/api/now/table`, `/api/now/v1/table` and `/api/now/v2/table`. */
export function registerTableApi(router: Router, ctx: ApiContext): void {
  for (const base of ['/api/now/table', '/api/now/v1/table', '/api/now/v2/table'] as const) {
    const v1 = base === '/api/now/v1/table';
    router.get(`${base}/:table`, (request) => list(request, ctx, v1));
    router.post(`${base}/:table`, (request) => create(request, ctx));
    router.get(`${base}/:table/:sys_id`, (request) => {
      const { answer, table, lookup } = open(request, ctx, 'read');
      const row = ctx.state.find(table.name, request.params.sys_id);
      if (!row) throw noRecord();
      return answer(json({ result: renderRow(lookup, table, row, renderOptions(request)) }));
    });
    const update = async (request: SandboxRequest<{ table: string; sys_id: string }>): Promise<SandboxResponse> => {
      const { answer, table, lookup, user } = open(request, ctx, 'write');
      const row = ctx.state.find(table.name, request.params.sys_id);
      if (!row) throw noRecord();
      ctx.state.update(row, await recordBody(request, table, ctx), user.userName, ctx.clock().nowMs());
      return answer(noBodyWanted(request) ? empty(200) : json({ result: renderRow(lookup, table, row, renderOptions(request)) }));
    };
    router.put(`${base}/:table/:sys_id`, update);
    router.patch(`${base}/:table/:sys_id`, update);
    router.delete(`${base}/:table/:sys_id`, (request) => {
      const { answer, table } = open(request, ctx, 'delete');
      if (!ctx.state.remove(table.name, request.params.sys_id)) throw noRecord();
      return answer(empty(204));
    });
  }
}

/** Sign-in, rate limit, the table and its ACL. */
function open(request: SandboxRequest<{ table: string }>, ctx: ApiContext, access: 'read' | 'write' | 'delete') {
  const caller = admitCaller(request, ctx);
  const table = tableDef(request.params.table);
  if (!table) throw snError(400, `Invalid table ${request.params.table}`, null);
  request.annotate({ table: table.name });
  const allowed = access === 'read' ? mayRead(table, caller.user.roles) : mayWrite(table, caller.user.roles);
  if (!allowed) throw aclRefusal(access, request.method);
  const lookup = (name: string, sysId: string): Row | undefined => ctx.state.find(name, sysId);
  return { ...caller, table, lookup };
}

/** Read refusals are API-level; writes fail like ServiceNow's record ACLs (`ACL Exception Insert Failed ...`). */
function aclRefusal(access: 'read' | 'write' | 'delete', method: string) {
  if (access === 'read') return notAuthorized();
  const operation = access === 'delete' ? 'Delete' : method === 'POST' ? 'Insert' : 'Update';
  return snError(403, 'Operation Failed', `ACL Exception ${operation} Failed due to security constraints`);
}

function renderOptions(request: SandboxRequest): RenderOptions {
  const display = (request.query.get('sysparm_display_value') ?? 'false').toLowerCase();
  const fields = request.query.get('sysparm_fields');
  return {
    origin: request.origin,
    display: (['true', 'all'].includes(display) ? display : 'false') as DisplayMode,
    excludeReferenceLink: request.query.get('sysparm_exclude_reference_link') === 'true',
    ...(fields ? { fields: fields.split(',').map((field) => field.trim()).filter(Boolean) } : {}),
  };
}

function list(request: SandboxRequest<{ table: string }>, ctx: ApiContext, v1: boolean): SandboxResponse {
  const { answer, table, lookup } = open(request, ctx, 'read');
  const limitText = request.query.get('sysparm_limit');
  const offsetText = request.query.get('sysparm_offset');
  const limit = limitText === null || !/^\d+$/.test(limitText) ? DEFAULT_LIMIT : Number(limitText);
  const offset = offsetText === null ? 0 : Number.parseInt(offsetText, 10) || 0;
  if (offset < 0) throw snError(400, `offset is ${offset}`, 'Negative offset is not supported');

  // name=value pairs beside sysparm_query are conditions too.
  const pairs = [...request.query.entries()].filter(([name]) => !name.startsWith('sysparm_')).map(([name, value]) => `${name}=${value}`);
  const encoded = [request.query.get('sysparm_query') ?? '', ...pairs].filter(Boolean).join('^');
  const matched = runQuery(parseQuery(encoded), table, ctx.state.rows(table.name), lookup);
  const page = matched.slice(offset, offset + limit);
  if (v1 && matched.length === 0) throw snError(404, 'No Record found', 'Records matching query not found. Check query parameter or offset parameter');

  const options = renderOptions(request);
  const response = json({ result: page.map((row) => renderRow(lookup, table, row, options)) });
  setHeader(response, 'x-total-count', String(matched.length));
  if (request.query.get('sysparm_suppress_pagination_header') !== 'true' && limit > 0) setHeader(response, 'link', pagingLinks(request, matched.length, limit, offset));
  return answer(response);
}

/** `first`, `prev` (negative on the first page, as captured from a real instance), `next` while more rows follow, `last`. */
function pagingLinks(request: SandboxRequest, total: number, limit: number, offset: number): string {
  const at = (value: number): string => {
    const query = new URLSearchParams(request.query);
    query.set('sysparm_limit', String(limit));
    query.set('sysparm_offset', String(value));
    return `<${request.origin}${request.path}?${query.toString()}>`;
  };
  const last = Math.max(0, (Math.ceil(total / limit) - 1) * limit);
  const links = [`${at(0)};rel="first"`, `${at(offset - limit)};rel="prev"`];
  if (offset + limit < total) links.push(`${at(offset + limit)};rel="next"`);
  links.push(`${at(last)};rel="last"`);
  return links.join(',');
}

async function create(request: SandboxRequest<{ table: string }>, ctx: ApiContext): Promise<SandboxResponse> {
  const { answer, table, lookup, user } = open(request, ctx, 'write');
  const row = ctx.state.insert(table, await recordBody(request, table, ctx), user.userName, ctx.clock().nowMs());
  const location = { location: `${request.origin}/api/now/table/${table.name}/${row.sys_id}` };
  return answer(noBodyWanted(request) ? empty(201, location) : json({ result: renderRow(lookup, table, row, renderOptions(request)) }, { status: 201, headers: location }));
}

function noBodyWanted(request: SandboxRequest): boolean {
  return (request.header('x-no-response-body') ?? '').toLowerCase() === 'true';
}

/**
 * One record from the body (a list: only the first counts, as at ServiceNow), as strings; fields the
 * table lacks and system fields are ignored. With `sysparm_input_display_value=true` a reference may be
 * given by its display value.
 */
async function recordBody(request: SandboxRequest, table: TableDef, ctx: ApiContext): Promise<Row> {
  if (request.contentType !== 'application/json') throw snError(415, 'Unsupported Media Type', `Content-Type ${request.contentType || '(none)'} is not supported; use application/json`);
  const body = await request.json();
  const record = Array.isArray(body) ? body[0] : body;
  if (!record || typeof record !== 'object') throw snError(400, 'Exception while reading request', 'The payload is not a JSON object');
  const byDisplay = request.query.get('sysparm_input_display_value') === 'true';
  const values: Row = {};
  for (const [name, raw] of Object.entries(record as Record<string, unknown>)) {
    const def = table.fields[name];
    const value = asFieldString(raw);
    if (!def || value === undefined) continue;
    values[name] = byDisplay && def.type === 'reference' && def.table ? referenceByDisplay(ctx, def.table, value) : value;
  }
  if (typeof (record as Record<string, unknown>).sys_id === 'string') values.sys_id = (record as Record<string, string>).sys_id!;
  return values;
}

function referenceByDisplay(ctx: ApiContext, tableName: string, value: string): string {
  const target = tableDef(tableName);
  if (!target || value === '' || ctx.state.find(tableName, value)) return value;
  return ctx.state.findBy(tableName, target.displayField, value)?.sys_id ?? '';
}

