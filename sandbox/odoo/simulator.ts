import type { DemoCredentials, ResetOptions, Router, Simulator, SimulatorContext, SimulatorPersistence } from '../kit';
import { SYSTEM_PORTS } from '../systems';
import { OdooCallFaults } from './call-faults';
import { DEMO_ADMIN, DEMO_DATABASE, DEMO_READER, OdooEngine, type EngineSnapshot } from './engine';
import { NOT_FOUND_DESCRIPTION, werkzeugErrorPage } from './transport/html-errors';
import { registerJson2 } from './transport/json2-routes';
import { registerJsonRpc } from './transport/jsonrpc-routes';
import { registerSessionRoutes } from './transport/session-routes';
import { WebSessions } from './sessions';
import { registerWebVersion } from './transport/web-routes';
import { registerXmlRpc } from './transport/xmlrpc-routes';

export interface OdooSimulatorOptions {
  /** The version the server reports (default '19.0'). Below 19 there is no JSON-2, as in Odoo. */
  serverVersion?: string;
}

/**
 * Odoo over HTTP: XML-RPC (`/xmlrpc/2/*`), JSON-RPC (`/jsonrpc`), JSON-2 (`/json/2/<model>/<method>`),
 * the web client's session routes (`/web/session/*`, `/web/dataset/call_kw`) and `/web/version`, all thin adapters over one `OdooEngine`. `engine` is public so in-process
 * tests can use its control layer (`seedBulkPartners`, `addUser`, `xmlidToResId`); the kit offers no
 * simulator-specific control routes.
 */
export class OdooSimulator implements Simulator {
  readonly name = 'odoo';
  readonly defaultPort = SYSTEM_PORTS.odoo.defaultPort;
  readonly portEnv = SYSTEM_PORTS.odoo.portEnv;
  readonly demoCredentials: DemoCredentials = {
    summary: `db ${DEMO_DATABASE}, user ${DEMO_ADMIN.login} / key ${DEMO_ADMIN.apiKey}, web login password ${DEMO_ADMIN.password} (read-only: ${DEMO_READER.login} / ${DEMO_READER.apiKey})`,
    values: { db: DEMO_DATABASE, username: DEMO_ADMIN.login, apiKey: DEMO_ADMIN.apiKey },
  };
  readonly engine: OdooEngine;
  /**
   * Faults that strike a model method after it committed (500, hang, drop, cut answer), on every
   * transport: `simulator.callFaults.add({ model: 'account.move', method: 'load', kind: 'status' })`.
   * In-process only (the kit's control API has no simulator-specific routes); `reset()` clears them.
   */
  readonly callFaults = new OdooCallFaults();
  /** Web sessions opened by `/web/session/authenticate` (the `session_id` cookie); `reset()` forgets them. */
  readonly sessions = new WebSessions();

  /** The whole database (every model's rows and next ids, sequences) and the users' credentials. */
  readonly persistence: SimulatorPersistence = {
    version: 1,
    snapshot: () => this.engine.snapshot(),
    restore: (snapshot) => this.engine.restore(snapshot as EngineSnapshot),
    changeMark: () => this.engine.changeMark(),
  };

  constructor(options: OdooSimulatorOptions = {}) {
    this.engine = new OdooEngine({ serverVersion: options.serverVersion });
  }

  register(router: Router, { clock }: SimulatorContext): void {
    // write_date, create_date and "today" follow the sandbox clock, so tests can move time.
    this.engine.useClock(clock);
    registerXmlRpc(router, this.engine, this.callFaults);
    registerJsonRpc(router, this.engine, this.callFaults);
    registerSessionRoutes(router, this.engine, this.sessions, clock, this.callFaults);
    if (Number.parseInt(this.engine.serverVersion, 10) >= 19) registerJson2(router, this.engine, this.callFaults);
    registerWebVersion(router, this.engine);
    // A path no route matches is werkzeug's HTML 404 even for a JSON request: Odoo 16+ (19 included)
    // serves it with the http dispatcher, which `Request` uses "until we match" a route (odoo/http.py,
    // `Request.__init__`, `_serve_ir_http_fallback`, `HttpDispatcher.handle_error`). JSON 404s come from
    // matched routes: `/web/dataset/call_kw` with an unknown model and JSON-2's `/json/2/*` catch-all.
    router.fallback(() => werkzeugErrorPage(404, NOT_FOUND_DESCRIPTION));
  }

  reset(options: ResetOptions = {}): void {
    this.engine.reset();
    this.callFaults.clear();
    if (!options.keepSessions) this.sessions.clear();
  }
}
