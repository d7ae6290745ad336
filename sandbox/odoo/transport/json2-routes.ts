import { json, type Router, type SandboxRequest, type SandboxResponse } from '../../kit';
import type { OdooCallFaults } from '../call-faults';
import { faults, json2ErrorBody, json2HttpStatus, OdooFault, type OdooEngine } from '../engine';
import { noDatabasePage, wrongContentTypePage } from './html-errors';
import { parseJsonBody } from './json-body';

const ROUTE = '/json/2/<model>/<method>';
const CATCH_ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

/**
 * JSON-2 (Odoo 19+): `POST /json/2/<model>/<method>`, bearer API key, named arguments, errors as
 * HTTP statuses with a JSON body. Checks run in Odoo's order: database, Content-Type, key, body.
 */
export function registerJson2(router: Router, engine: OdooEngine, callFaults: OdooCallFaults): void {
  router.post('/json/2/:model/:method', async (request) => {
    const { model, method } = request.params;
    request.annotate({ transport: 'json2', model, method });
    const early = selectDatabase(request, engine) ?? contentTypeCheck(request, ROUTE);
    if (early) return early;
    try {
      const uid = authenticate(request, engine);
      const body = await readBody(request);
      // Path arguments win over body keys of the same name, as in `jsonrequest | args`.
      const { model: _model, method: _method, ...params } = body;
      const answer = json(engine.callJson2({ uid, model, method, params }));
      return await callFaults.answer(request, { model, method }, answer);
    } catch (error) {
      if (!(error instanceof OdooFault)) throw error;
      request.annotate({ fault: error.exceptionClass });
      return json2Error(error);
    }
  });

  // `web_json_2_404`: anything else under /json/2 is a JSON 404 with a hint (no key needed).
  for (const verb of CATCH_ALL_METHODS) {
    router.route(verb, '/json/2/*', (request) => {
      request.annotate({ transport: 'json2' });
      const early = selectDatabase(request, engine) ?? contentTypeCheck(request, '/json/2');
      if (early) return early;
      const fault = faults.notFound('Did you mean POST /json/2/<model>/<method>?');
      request.annotate({ fault: fault.exceptionClass });
      return json2Error(fault);
    });
  }
}

/**
 * X-Odoo-Database picks the database; a name the server does not have leaves the request without
 * one, and no database-bound route matches: Odoo's "no database is selected" 404 page.
 */
function selectDatabase(request: SandboxRequest, engine: OdooEngine): SandboxResponse | undefined {
  const wanted = request.header('x-odoo-database');
  return wanted !== undefined && wanted !== engine.database ? noDatabasePage() : undefined;
}

/** The JSON-2 dispatcher takes application/json, or no body at all. */
function contentTypeCheck(request: SandboxRequest, route: string): SandboxResponse | undefined {
  const hasBody = Number(request.header('content-length') ?? '0') > 0 || request.header('transfer-encoding') !== undefined;
  return !hasBody || request.contentType === 'application/json' ? undefined : wrongContentTypePage(route, 'json2');
}

function authenticate(request: SandboxRequest, engine: OdooEngine): number {
  const key = request.bearerToken();
  if (key === undefined) throw faults.unauthorized('User not authenticated, use the "Authorization" header');
  const uid = engine.uidForApiKey(key);
  if (uid === false) throw faults.unauthorized('Invalid apikey');
  return uid;
}

async function readBody(request: SandboxRequest): Promise<Record<string, unknown>> {
  const source = await request.text();
  if (source === '') return {};
  const parsed = parseJsonBody(source);
  if (!parsed.ok) throw faults.badRequest(`could not parse the body as json: ${parsed.message}`);
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw faults.badRequest('could not parse the body, expecting a json object');
  }
  // Logged only once it parsed: the body holds no credentials (the key travels in the header).
  await request.json();
  return value as Record<string, unknown>;
}

function json2Error(fault: OdooFault): SandboxResponse {
  const status = json2HttpStatus(fault);
  const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer' } : {};
  return json(json2ErrorBody(fault), { status, headers });
}
