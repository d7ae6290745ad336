import { rightsAllow, type UserRights } from './access';
import { formatDate, formatDatetime, instantToMs, PinnedClock, realClock, type EngineClock } from './clock';
import { Database, type DatabaseSnapshot } from './database';
import { DeferredQueue } from './deferred';
import type { Env } from './env';
import { faults, OdooFault } from './faults';
import type { MethodSpec } from './method-spec';
import type { ModelDef } from './model-def';
import { bindArguments } from './methods/binding';
import { findMethod } from './methods/lookup';
import { createRegistry } from './models';
import { orm } from './orm';
import { pyRepr } from './py-repr';
import type { Registry } from './registry';
import { seedBulkPartners, type BulkPartnerOptions } from './seed/bulk-partners';
import { seedDemoData, DEMO_DATABASE } from './seed/demo';
import { UserDirectory, type UserCredentials } from './users';
import { isPlainObject, type Context, type OdooStruct, type OdooValue } from './values';

export interface EngineOptions {
  /** Where `now` comes from; the sandbox kit's clock fits (anything with `nowMs()`). Default: real time. */
  clock?: EngineClock;
  /** Odoo version the engine reports through `version()`. Default '19.0'. */
  serverVersion?: string;
  /** Load the demo data set (default true). */
  seed?: boolean;
}

/** What `OdooEngine.snapshot()` returns: the data file's `state` for the Odoo simulator. */
export interface EngineSnapshot {
  database: DatabaseSnapshot;
  users: UserCredentials[];
}

/** One call as XML-RPC `execute_kw` and JSON-RPC carry it: positional args plus keyword args. */
export interface KwCall {
  uid: number;
  model: string;
  method: string;
  args?: unknown;
  kwargs?: unknown;
}

/** One call as JSON-2 carries it: everything by name, `ids` and `context` included. */
export interface NamedCall {
  uid: number;
  model: string;
  method: string;
  params?: unknown;
}

/**
 * The Odoo simulator's engine: models, records, ORM semantics, access rights and authentication,
 * independent of any transport. A transport decodes its request, calls `authenticate` /
 * `checkCredentials` / `uidForApiKey` and `callKw` or `callJson2`, and encodes the plain result or
 * the `OdooFault` it throws (see fault-wire.ts for each wire form).
 */
export class OdooEngine {
  readonly registry: Registry;
  readonly database = DEMO_DATABASE;
  readonly serverVersion: string;
  private db: Database;
  private clock: EngineClock;
  private readonly users = new UserDirectory();
  private readonly seeded: boolean;
  /** Bumped when the database object is replaced (reset, restore), so `changeMark` never repeats. */
  private generation = 0;

  constructor(options: EngineOptions = {}) {
    this.registry = createRegistry();
    this.clock = options.clock ?? realClock;
    this.serverVersion = options.serverVersion ?? '19.0';
    this.seeded = options.seed ?? true;
    this.db = new Database(this.registry);
    this.load();
  }

  // ---- common service ------------------------------------------------------------------------------

  /** `common.version()`. */
  version(): OdooStruct {
    const [major, minor] = this.serverVersion.split('.').map(Number);
    return {
      server_version: this.serverVersion,
      server_version_info: [major ?? 0, minor ?? 0, 0, 'final', 0, ''],
      server_serie: this.serverVersion,
      protocol_version: 1,
    };
  }

  /**
   * `common.authenticate(db, login, password_or_key, user_agent_env)`: the uid, or false for bad
   * credentials (never a fault). An unknown database fails like a connection to it would.
   */
  authenticate(db: unknown, login: unknown, secret: unknown): number | false {
    this.requireDatabase(db);
    if (typeof login !== 'string') return false;
    const users = this.db.table('res.users');
    for (const id of users.lookup('login', login)) {
      const row = users.get(id)!;
      if (row['active'] !== false && this.users.accepts(id, secret)) return id;
    }
    return false;
  }

  /**
   * The session login (`/web/session/authenticate`, `Session.authenticate` with
   * `{'type': 'password'}` and an interactive user-agent env): the uid, or AccessDenied. Unlike
   * `common.authenticate` it accepts the password only, never an API key (see `UserDirectory.acceptsPassword`).
   */
  authenticatePassword(login: unknown, password: unknown): number {
    if (typeof login === 'string') {
      const users = this.db.table('res.users');
      for (const id of users.lookup('login', login)) {
        const row = users.get(id)!;
        if (row['active'] !== false && this.users.acceptsPassword(id, password)) return id;
      }
    }
    throw faults.accessDenied();
  }

  /** Whether a uid still names an active user (a session of an archived user has expired). */
  isActiveUser(uid: number): boolean {
    const row = this.db.table('res.users').get(uid);
    return row !== undefined && row['active'] !== false;
  }

  /** Whether the user has every right (Odoo's "Settings" admin: `is_system`, `is_admin`). */
  isSystemUser(uid: number): boolean {
    return this.users.get(uid)?.rights.kind === 'all';
  }

  /** `security.check` before every `object` call: AccessDenied unless uid and password/key match. */
  checkCredentials(db: unknown, uid: unknown, secret: unknown): number {
    this.requireDatabase(db);
    const id = typeof uid === 'number' ? uid : typeof uid === 'string' && /^\d+$/.test(uid) ? Number(uid) : NaN;
    const row = Number.isInteger(id) ? this.db.table('res.users').get(id) : undefined;
    if (!row || row['active'] === false || !this.users.accepts(id, secret)) throw faults.accessDenied();
    return id;
  }

  /** JSON-2 bearer authentication: the user owning the API key, or false. */
  uidForApiKey(key: unknown): number | false {
    if (typeof key !== 'string') return false;
    const uid = this.users.uidForApiKey(key);
    if (uid === undefined || this.db.table('res.users').get(uid)?.['active'] === false) return false;
    return uid;
  }

  /** `db.list()`. */
  listDatabases(): string[] {
    return [this.database];
  }

  // ---- object service ------------------------------------------------------------------------------

  /** `object.execute_kw(db, uid, password, model, method, args, kwargs)`. */
  executeKw(db: unknown, uid: unknown, secret: unknown, model: unknown, method: unknown, args?: unknown, kwargs?: unknown): OdooValue {
    const checkedUid = this.checkCredentials(db, uid, secret);
    if (typeof model !== 'string' || typeof method !== 'string') throw faults.type('model and method must be strings');
    return this.callKw({ uid: checkedUid, model, method, args, kwargs });
  }

  /** A call with positional `args` and keyword `kwargs` (context in `kwargs.context`), credentials already checked. */
  callKw(call: KwCall): OdooValue {
    const model = this.registry.get(call.model);
    if (!model) throw faults.user(`Object ${call.model} doesn't exist`);
    const spec = this.publicMethod(model, call.method);
    const args = call.args === undefined || call.args === null ? [] : call.args;
    if (!Array.isArray(args)) throw faults.type(`args must be a list, got ${pyRepr(args)}`);
    const kwargs = call.kwargs === undefined || call.kwargs === null ? {} : call.kwargs;
    if (!isPlainObject(kwargs)) throw faults.type(`kwargs must be a dict, got ${pyRepr(kwargs)}`);
    const { context, ...keywords } = kwargs;

    let ids: number[] = [];
    let positional: readonly unknown[] = args;
    if (spec.kind === 'records') {
      if (args.length === 0) throw faults.index('list index out of range');
      ids = recordIds(args[0]);
      positional = args.slice(1);
    }
    const bound = bindArguments(spec, positional, keywords);
    return this.run(call.uid, contextOf(context), (env) => spec.run(env, model, ids, bound));
  }

  /**
   * A JSON-2 call (`POST /json/2/<model>/<method>` with a JSON object body). Unknown model or method is
   * NotFound, a bad argument UnprocessableEntity, and `create` always answers a list of ids.
   */
  callJson2(call: NamedCall): OdooValue {
    const model = this.registry.get(call.model);
    if (!model) throw faults.notFound(`the model '${call.model}' does not exist`);
    const spec = call.method.startsWith('_') ? undefined : findMethod(model, call.method);
    if (!spec) throw faults.notFound(`the method '${call.method}' does not exist on the model '${call.model}'`);
    const params = call.params === undefined || call.params === null ? {} : call.params;
    if (!isPlainObject(params)) throw faults.unprocessable('the request body must be a JSON object');
    const { ids: rawIds, context, ...named } = params;

    let ids: number[] = [];
    if (rawIds !== undefined && rawIds !== null) {
      if (spec.kind !== 'records' && !(Array.isArray(rawIds) && rawIds.length === 0)) {
        throw faults.unprocessable(`cannot call ${call.model}.${call.method} with ids`);
      }
      ids = asUnprocessable(() => recordIds(rawIds));
    }
    const bound = asUnprocessable(() => bindArguments(spec, [], named));
    const result = this.run(call.uid, contextOf(context), (env) => spec.run(env, model, ids, bound));
    return spec.kind === 'create' && typeof result === 'number' ? [result] : result;
  }

  // ---- control layer -------------------------------------------------------------------------------

  /** Back to the seeded demo data (every write since forgotten). */
  reset(): void {
    this.db = new Database(this.registry);
    this.users.clear();
    this.load();
    this.generation++;
  }

  /** Changes whenever the data does (see `Database.changeMark`). */
  changeMark(): string {
    return `${this.generation}:${this.db.changeMark()}`;
  }

  /** The whole database and the users' credentials, as plain data, for the sandbox's data file. */
  snapshot(): EngineSnapshot {
    return { database: this.db.snapshot(), users: this.users.all() };
  }

  /**
   * Back to a snapshot: the seed first (so models the snapshot predates get their demo data), then
   * the snapshot's tables, sequences and users over it.
   */
  restore(snapshot: EngineSnapshot): void {
    if (!snapshot || typeof snapshot !== 'object' || !snapshot.database?.tables || !Array.isArray(snapshot.users)) throw new Error('not an Odoo engine snapshot');
    this.reset();
    this.db.restore(snapshot.database);
    for (const user of snapshot.users) this.users.set(user);
    this.generation++;
  }

  /** Pins `now` to an instant (ISO string, 'YYYY-MM-DD HH:MM:SS' UTC, Date or epoch ms). */
  setNow(at: Date | string | number): void {
    if (this.clock instanceof PinnedClock) this.clock.set(at);
    else this.clock = new PinnedClock(instantToMs(at));
  }

  /** Follows another clock, e.g. the sandbox kit's. */
  useClock(clock: EngineClock): void {
    this.clock = clock;
  }

  now(): string {
    return formatDatetime(this.clock.nowMs());
  }

  /** Record counts per model, archived included. */
  snapshotCounts(): Record<string, number> {
    return this.db.counts();
  }

  /** Adds `count` vendors fast (for volume tests); returns the first and last new ids. */
  seedBulkPartners(count: number, options: BulkPartnerOptions = {}): { firstId: number; lastId: number } {
    return seedBulkPartners(this.db, count, options);
  }

  /** A user with given rights and secrets, for tests of access rules. Returns the uid. */
  addUser(user: { login: string; name: string; password?: string; apiKeys?: string[]; rights: UserRights }): number {
    const [uid] = this.runAsSystem((env) => env.orm.create(env, 'res.users', [{ login: user.login, name: user.name }]));
    this.users.set({ uid: uid!, password: user.password ?? null, apiKeys: user.apiKeys ?? [], rights: user.rights });
    return uid!;
  }

  /** Resolves an external id 'module.name' to its record, as the control layer and tests need it. */
  xmlidToResId(completeName: string): { model: string; id: number } | undefined {
    const dot = completeName.indexOf('.');
    const table = this.db.table('ir.model.data');
    for (const id of table.lookup('name', completeName.slice(dot + 1))) {
      const row = table.get(id)!;
      if (row['module'] === completeName.slice(0, dot) && typeof row['res_id'] === 'number') {
        return { model: String(row['model']), id: row['res_id'] };
      }
    }
    return undefined;
  }

  /**
   * Runs engine-internal work as the superuser in one transaction, at `now` or at the given instant
   * (seeding stamps records with chosen dates this way).
   */
  runAsSystem<T>(work: (env: Env) => T, options: { at?: string; context?: Context } = {}): T {
    return this.runInTransaction(1, options.context ?? {}, true, work, options.at);
  }

  // ---- internals -----------------------------------------------------------------------------------

  private load(): void {
    if (this.seeded) seedDemoData(this, this.db, this.users);
    else seedDemoData(this, this.db, this.users, { usersOnly: true });
  }

  private publicMethod(model: ModelDef, name: string): MethodSpec {
    // Odoo refuses private methods before even looking them up.
    if (name.startsWith('_')) throw faults.accessError(`Private methods (such as ${name}) cannot be called remotely.`);
    const spec = findMethod(model, name);
    if (!spec) throw faults.attribute(`The method '${name}' does not exist on the model '${model.name}'`);
    return spec;
  }

  private run(uid: number, context: Context, work: (env: Env) => OdooValue): OdooValue {
    return this.runInTransaction(uid, context, false, work);
  }

  private runInTransaction<T>(uid: number, context: Context, su: boolean, work: (env: Env) => T, at?: string): T {
    const nowMs = at === undefined ? this.clock.nowMs() : instantToMs(at);
    const deferred = new DeferredQueue();
    const rights = this.users.get(uid)?.rights;
    const env: Env = {
      db: this.db,
      registry: this.registry,
      orm,
      uid,
      su,
      context,
      now: formatDatetime(nowMs),
      today: formatDate(nowMs),
      deferred,
      canAccess: (model, operation) => (rights ? rightsAllow(rights, model, operation) : false),
    };
    deferred.attach(env);
    return this.db.transaction(() => {
      const result = work(env);
      deferred.flush();
      return result;
    });
  }

  private requireDatabase(db: unknown): void {
    if (db !== this.database) throw faults.operational(`connection to server failed: FATAL:  database ${JSON.stringify(String(db))} does not exist`);
  }
}

/** `browse(ids)` accepts one id or a list of ids. */
function recordIds(value: unknown): number[] {
  if (typeof value === 'number' && Number.isInteger(value)) return [value];
  if (Array.isArray(value) && value.every((id) => typeof id === 'number' && Number.isInteger(id))) return value as number[];
  throw faults.type(`ids must be an id or a list of ids, got ${pyRepr(value)}`);
}

function contextOf(value: unknown): Context {
  return isPlainObject(value) ? value : {};
}

/** JSON-2 reports bad arguments (TypeError while binding) as 422 UnprocessableEntity. */
function asUnprocessable<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof OdooFault && error.exceptionClass === 'builtins.TypeError') throw faults.unprocessable(error.message);
    throw error;
  }
}
