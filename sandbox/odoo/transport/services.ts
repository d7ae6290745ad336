import type { LogTags } from '../../kit';
import { faults, type OdooEngine, type OdooValue } from '../engine';
import { checkArity, pyInt, pyStr, pyTypeName, type PySignature } from './python-calls';
import { PythonError } from './python-error';

/** XML-RPC hands the services a tuple, JSON-RPC a list; IndexError says which. */
export type ParamsKind = 'tuple' | 'list';

/**
 * `odoo.http.dispatch_rpc(service, method, params)`: the `common`, `object` and `db` services that
 * XML-RPC and JSON-RPC share. Throws an OdooFault (from the engine) or a PythonError (from the
 * service layer itself). `tag` learns what the call was (`service`, `rpcMethod`, and for the object
 * service `model` and `method`) so tests can count calls per operation.
 */
export function dispatchRpc(
  engine: OdooEngine,
  call: { service: string; method: string; params: readonly unknown[]; paramsKind: ParamsKind },
  tag: (tags: LogTags) => void,
): OdooValue {
  const { service, method, params } = call;
  tag({ service, rpcMethod: method });
  switch (service) {
    case 'common':
      return dispatchCommon(engine, method, params);
    case 'object':
      return dispatchObject(engine, call, tag);
    case 'db':
      return dispatchDb(engine, method, params);
    default:
      throw new PythonError('builtins.KeyError', pyStr(service), [service]);
  }
}

const COMMON: Record<string, PySignature> = {
  version: { name: 'exp_version', required: [] },
  authenticate: { name: 'exp_authenticate', required: ['db', 'login', 'password', 'user_agent_env'] },
  login: { name: 'exp_login', required: ['db', 'login', 'password'] },
  about: { name: 'exp_about', required: [], optional: ['extended'] },
};

function dispatchCommon(engine: OdooEngine, method: string, params: readonly unknown[]): OdooValue {
  const signature = COMMON[method];
  if (!signature) throw new PythonError('builtins.Exception', `Method not found: ${method}`);
  checkArity(signature, params.length);
  switch (method) {
    case 'version':
      return engine.version();
    case 'about':
      return params[0] === true || (typeof params[0] === 'number' && params[0] !== 0)
        ? ['See http://openerp.com', engine.serverVersion]
        : 'See http://openerp.com';
    default:
      // authenticate and login: the uid or False, never a fault for bad credentials.
      return engine.authenticate(params[0], params[1], params[2]);
  }
}

const EXECUTE_KW: PySignature = { name: 'execute_kw', required: ['db', 'uid', 'obj', 'method', 'args'], optional: ['kw'] };
const EXECUTE: PySignature = { name: 'execute', required: ['db', 'uid', 'obj', 'method'], varargs: true };

function dispatchObject(
  engine: OdooEngine,
  call: { method: string; params: readonly unknown[]; paramsKind: ParamsKind },
  tag: (tags: LogTags) => void,
): OdooValue {
  const { method, params } = call;
  // dispatch() unpacks db, uid, password before anything else, then security.check()s them.
  if (params.length < 3) throw new PythonError('builtins.IndexError', `${call.paramsKind} index out of range`);
  const uid = engine.checkCredentials(params[0], pyInt(params[1]), params[2]);
  const [model, modelMethod, ...rest] = params.slice(3);
  if (typeof model === 'string') tag({ service: 'object', rpcMethod: method, model, ...(typeof modelMethod === 'string' ? { method: modelMethod } : {}) });

  if (method === 'execute_kw') {
    checkArity(EXECUTE_KW, params.length - 1); // the password is not passed on
    return engine.callKw({ uid, model: requireString(model), method: requireString(modelMethod), args: rest[0], kwargs: rest[1] });
  }
  if (method === 'execute') {
    checkArity(EXECUTE, params.length - 1);
    return engine.callKw({ uid, model: requireString(model), method: requireString(modelMethod), args: rest, kwargs: {} });
  }
  throw new PythonError('builtins.NameError', `Method not available ${method}`);
}

function requireString(value: unknown): string {
  if (typeof value === 'string') return value;
  throw faults.type(`model and method must be strings, got ${pyTypeName(value)}`);
}

/** The db service needs the master password for everything but these; the sandbox has none to give. */
const DB_PUBLIC: Record<string, PySignature> = {
  list: { name: 'exp_list', required: [], optional: ['document'] },
  db_exist: { name: 'exp_db_exist', required: ['db_name'] },
  server_version: { name: 'exp_server_version', required: [] },
};
const DB_PRIVILEGED = new Set([
  'create_database',
  'duplicate_database',
  'drop',
  'dump',
  'restore',
  'rename',
  'change_admin_password',
  'migrate_databases',
]);

function dispatchDb(engine: OdooEngine, method: string, params: readonly unknown[]): OdooValue {
  const signature = DB_PUBLIC[method];
  if (signature) {
    checkArity(signature, params.length);
    if (method === 'list') return engine.listDatabases();
    if (method === 'db_exist') return engine.listDatabases().includes(String(params[0]));
    return engine.serverVersion;
  }
  if (DB_PRIVILEGED.has(method)) throw faults.accessDenied();
  throw new PythonError('builtins.KeyError', pyStr(`Method not found: ${method}`), [`Method not found: ${method}`]);
}
