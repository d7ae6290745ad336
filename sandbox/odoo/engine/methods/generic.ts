import { checkAccess } from '../access';
import type { AccessOperation } from '../env';
import { faults } from '../faults';
import type { MethodSpec } from '../method-spec';
import { contextDefaults, createRecords, resolveDefault } from '../orm/create';
import { readRecords, toWire } from '../orm/read';
import { countRecords, searchRecords } from '../orm/search';
import { unlinkRecords } from '../orm/unlink';
import { writeRecords } from '../orm/write';
import { pyRepr } from '../py-repr';
import { isPlainObject, type OdooStruct, type OdooValue } from '../values';
import { fieldsGet } from './fields-get';
import { loadMethod } from './load';
import { nameSearch } from './name-search';

/**
 * The methods every model has (BaseModel's public API), with the parameter names and defaults of
 * their Python signatures so positional and keyword arguments bind as they would in Odoo.
 */

const search: MethodSpec = {
  name: 'search',
  kind: 'model',
  params: [{ name: 'domain' }, { name: 'offset', default: 0 }, { name: 'limit', default: null }, { name: 'order', default: null }],
  run: (env, model, _ids, args) =>
    searchRecords(env, model, args['domain'], { offset: args['offset'] as number, limit: args['limit'] as number | null, order: orderArg(args['order']) }),
};

const searchCount: MethodSpec = {
  name: 'search_count',
  kind: 'model',
  params: [{ name: 'domain' }, { name: 'limit', default: null }],
  run: (env, model, _ids, args) => countRecords(env, model, args['domain'], args['limit'] as number | null),
};

const read: MethodSpec = {
  name: 'read',
  kind: 'records',
  params: [{ name: 'fields', default: null }, { name: 'load', default: '_classic_read' }],
  run: (env, model, ids, args) => readRecords(env, model, ids, fieldList(args['fields']), loadArg(args['load'])),
};

const searchRead: MethodSpec = {
  name: 'search_read',
  kind: 'model',
  params: [
    { name: 'domain', default: null },
    { name: 'fields', default: null },
    { name: 'offset', default: 0 },
    { name: 'limit', default: null },
    { name: 'order', default: null },
  ],
  extraKeywords: ['load'],
  run: (env, model, _ids, args) => {
    const ids = searchRecords(env, model, args['domain'], {
      offset: args['offset'] as number,
      limit: args['limit'] as number | null,
      order: orderArg(args['order']),
    });
    return readRecords(env, model, ids, fieldList(args['fields']), loadArg(args['load'] ?? '_classic_read'));
  },
};

/** One dict gives one id, a list gives a list of ids (`_call_kw_model_create`). */
const create: MethodSpec = {
  name: 'create',
  kind: 'create',
  params: [{ name: 'vals_list' }],
  run: (env, model, _ids, args) => {
    const valsList = args['vals_list'];
    if (isPlainObject(valsList)) return createRecords(env, model, [valsList])[0]!;
    if (!Array.isArray(valsList)) throw faults.type(`create() expects a dict or a list of dicts, got ${pyRepr(valsList)}`);
    return createRecords(env, model, valsList);
  },
};

const write: MethodSpec = {
  name: 'write',
  kind: 'records',
  params: [{ name: 'vals' }],
  run: (env, model, ids, args) => {
    writeRecords(env, model, ids, args['vals']);
    return true;
  },
};

const unlink: MethodSpec = {
  name: 'unlink',
  kind: 'records',
  params: [],
  run: (env, model, ids) => {
    unlinkRecords(env, model, ids);
    return true;
  },
};

const fieldsGetMethod: MethodSpec = {
  name: 'fields_get',
  kind: 'model',
  params: [{ name: 'allfields', default: null }, { name: 'attributes', default: null }],
  run: (_env, model, _ids, args) => fieldsGet(model, args['allfields'], args['attributes']),
};

/** `args` is the parameter's name up to 17, `domain` from 18. */
const nameSearchMethod: MethodSpec = {
  name: 'name_search',
  kind: 'model',
  params: [
    { name: 'name', default: '' },
    { name: 'domain', default: null, aliases: ['args'] },
    { name: 'operator', default: 'ilike' },
    { name: 'limit', default: 100 },
  ],
  run: (env, model, _ids, args) => {
    checkAccess(env, model, 'read');
    return nameSearch(env, model, args['name'], args['domain'], args['operator'], args['limit']);
  },
};

const checkAccessRights: MethodSpec = {
  name: 'check_access_rights',
  kind: 'model',
  params: [{ name: 'operation' }, { name: 'raise_exception', default: true }],
  run: (env, model, _ids, args) => {
    const operation = args['operation'];
    if (operation !== 'read' && operation !== 'write' && operation !== 'create' && operation !== 'unlink') {
      throw faults.assertion('Invalid access mode');
    }
    if (env.su || env.canAccess(model.name, operation as AccessOperation)) return true;
    if (args['raise_exception'] !== false && args['raise_exception'] !== null && args['raise_exception'] !== 0) {
      checkAccess(env, model, operation as AccessOperation);
    }
    return false;
  },
};

/** `default_get(fields_list)`: the values a new record would get, context `default_*` keys included. */
const defaultGet: MethodSpec = {
  name: 'default_get',
  kind: 'model',
  params: [{ name: 'fields_list' }],
  run: (env, model, _ids, args) => {
    const names = fieldList(args['fields_list']) ?? [];
    const fromContext = contextDefaults(env, model);
    const result: OdooStruct = {};
    for (const name of names) {
      const field = model.fields[name];
      if (!field) continue;
      if (name in fromContext) result[name] = fromContext[name] as OdooValue;
      else if (field.default !== undefined) result[name] = toWire(env, field, resolveDefault(env, field.default), null);
    }
    return result;
  },
};

/** `exists()`: the subset of ids that still exist (a recordset, so ids over RPC). */
const exists: MethodSpec = {
  name: 'exists',
  kind: 'records',
  params: [],
  run: (env, model, ids) => {
    const table = env.db.table(model.name);
    return [...new Set(ids)].filter((id) => table.get(id));
  },
};

export const GENERIC_METHODS: readonly MethodSpec[] = [
  search,
  searchCount,
  read,
  searchRead,
  create,
  write,
  unlink,
  fieldsGetMethod,
  nameSearchMethod,
  checkAccessRights,
  defaultGet,
  exists,
  loadMethod,
];

function fieldList(value: unknown): string[] | null {
  if (value === null || value === undefined || value === false) return null;
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw faults.type(`fields must be a list of field names, got ${pyRepr(value)}`);
  }
  return value;
}

function loadArg(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function orderArg(value: unknown): string | null {
  return value === null || value === undefined || value === false ? null : (value as string);
}
