import { sudo, type Env, type Vals } from '../env';
import { faults, isOdooFault } from '../faults';
import type { FieldDef } from '../fields';
import type { MethodSpec } from '../method-spec';
import type { ModelDef } from '../model-def';
import { createRecords } from '../orm/create';
import { searchRecords } from '../orm/search';
import { unlinkRecords } from '../orm/unlink';
import { writeRecords } from '../orm/write';
import { pyRepr } from '../py-repr';
import type { OdooStruct, OdooValue } from '../values';
import { nameSearch } from './name-search';

/*
 * `load(fields, data)`: Odoo's import entry point (BaseModel.load with _extract_records, _convert_records,
 * _load_records and ir.fields.converter). Rows of text cells become records; an `id` column names each
 * record's external id, which is created in the same transaction as the record, or, when it already
 * exists, picks the record to update instead of creating a second one. Nothing raises for bad data: the
 * answer is `{ids, messages, nextrow}`, and when any message is an error every record of the call is
 * rolled back and `ids` is false.
 *
 * Odoo first saves the whole batch in one savepoint and, when that fails, each record in its own; the
 * outcome (which records fail, all or nothing) is the same as saving each record in its own savepoint,
 * which is what this does. Known simplifications: a failing SQL NOT NULL/UNIQUE check reports the
 * engine's ValidationError text rather than psycopg2's mapped message; the user's time zone is UTC.
 */

/** Subfield name standing for Python's `None` path: reference by name (name_search). */
const BY_NAME = '\u0000name';
const REFERENCING = new Set(['id', '.id', BY_NAME]);
const TRUE_WORDS = new Set(['1', 'true', 'yes']);
const FALSE_WORDS = new Set(['', '0', 'false', 'no']);

type Cell = unknown;
/** One extracted record: field name to a cell (text) or, for a relational field, its sub-records. */
type Extracted = Record<string, unknown>;

interface Message extends OdooStruct {
  type: 'error' | 'warning';
  message: string;
}

/** What an `ir.fields.converter` method raises: a ValueError with a `%(field)s` placeholder and extra info. */
class ImportValueError extends Error {
  constructor(
    readonly template: string,
    readonly info?: OdooStruct,
    readonly warning = false,
  ) {
    super(template);
  }
}

export const loadMethod: MethodSpec = {
  name: 'load',
  kind: 'model',
  params: [{ name: 'fields' }, { name: 'data' }],
  run: (env, model, _ids, args) => load(env, model, args['fields'], args['data']),
};

function load(env: Env, model: ModelDef, fieldsArg: unknown, dataArg: unknown): OdooValue {
  if (!Array.isArray(fieldsArg) || !fieldsArg.every((f) => typeof f === 'string')) throw faults.type(`fields must be a list of field names, got ${pyRepr(fieldsArg)}`);
  if (!Array.isArray(dataArg) || !dataArg.every(Array.isArray)) throw faults.type(`data must be a list of rows, got ${pyRepr(dataArg)}`);
  const mode = env.context['mode'] ?? 'init';
  const update = mode === 'update';
  const currentModule = typeof env.context['module'] === 'string' ? env.context['module'] : '__import__';
  const noupdate = env.context['noupdate'] === true;
  const paths = (fieldsArg as string[]).map(fixIdPath);
  const data = dataArg as Cell[][];

  const messages: Message[] = [];
  const ids: number[] = [];
  const rollback = Symbol('load rollback');
  try {
    env.db.savepoint(() => {
      const extracted = extractRecords(env, model, paths, data);
      let errors = 0;
      extracted.forEach(({ record, from, to }, index) => {
        const info: OdooStruct = { rows: { from, to }, record: index };
        const { dbid, xid, vals } = convertRecord(env, model, record, info, messages, currentModule);
        try {
          ids.push(env.db.savepoint(() => saveRecord(env, model, { dbid, xid, vals }, { update, noupdate })));
        } catch (error) {
          env.deferred.discard();
          if (!isOdooFault(error)) throw error;
          errors += 1;
          messages.push(
            error.isUserErrorFamily
              ? { ...info, type: 'error', message: error.message }
              : { ...info, type: 'error', message: `Unknown error during import: <class '${error.exceptionClass.replace(/^builtins\./, '')}'>: ${error.message}`, moreinfo: 'Resolve other errors first' },
          );
        }
        // Odoo stops trying once errors are many and dense, so a bad file does not bury the user.
        if (errors >= 10 && errors >= (index + 1) / 10) {
          messages.push({ type: 'warning', message: 'Found more than 10 errors and more than one error per 10 records, interrupted to avoid showing too many errors.' });
          throw new StopLoading();
        }
      });
      if (messages.some((m) => m.type === 'error')) throw rollback;
    });
  } catch (error) {
    if (error instanceof StopLoading) {
      // The savepoint threw, so everything was undone already; ids stay false below.
    } else if (error !== rollback) throw error;
    return { ids: false, messages, nextrow: 0 };
  }
  return { ids, messages, nextrow: 0 };
}

class StopLoading extends Error {}

/** `fix_import_export_id_paths`: `partner_id:id` is `partner_id/id`; then the path split on `/`. */
function fixIdPath(name: string): string[] {
  return name.replace(/([^/]):id/g, '$1/id').replace(/([^/]):\.id/g, '$1/.id').split('/');
}

function fieldOf(model: ModelDef, name: string): FieldDef | { type: 'char' | 'integer'; string: string } {
  if (name === 'id') return { type: 'char', string: 'External ID' };
  if (name === '.id') return { type: 'integer', string: 'Database ID' };
  if (name === BY_NAME) return { type: 'char', string: 'rec_name' };
  const field = model.fields[name];
  if (!field) throw faults.key(pyRepr(name));
  return field;
}

function relational(field: { type: string }): boolean {
  return field.type === 'many2one' || field.type === 'one2many' || field.type === 'many2many';
}

/** Python truthiness of a cell: '' and missing cells are empty. */
function truthy(cell: Cell): boolean {
  return !(cell === undefined || cell === null || cell === false || cell === '' || cell === 0 || (Array.isArray(cell) && cell.length === 0));
}

/**
 * `_extract_records`: a record starts at a row with any non-one2many value; following rows that only
 * carry one2many values continue it (its lines). Relational fields get their sub-records from the span.
 */
function extractRecords(env: Env, model: ModelDef, paths: string[][], data: Cell[][]): Array<{ record: Extracted; from: number; to: number }> {
  const heads = paths.map((path) => fieldOf(model, path[0]!));
  const o2m = heads.map((field, i) => (field.type === 'one2many' ? i : -1)).filter((i) => i >= 0);
  const other = heads.map((field, i) => (field.type !== 'one2many' ? i : -1)).filter((i) => i >= 0);
  const onlyO2m = (row: Cell[]): boolean => o2m.some((i) => truthy(row[i])) && !other.some((i) => truthy(row[i]));
  const out: Array<{ record: Extracted; from: number; to: number }> = [];
  let index = 0;
  while (index < data.length) {
    const row = data[index]!;
    const record: Extracted = {};
    paths.forEach((path, i) => {
      if (!relational(heads[i]!)) record[path[0]!] = row[i];
    });
    const span = [row];
    while (index + span.length < data.length && onlyO2m(data[index + span.length]!)) span.push(data[index + span.length]!);
    for (const relfield of new Set(paths.filter((_p, i) => relational(heads[i]!)).map((p) => p[0]!))) {
      const field = model.fields[relfield]!;
      const comodel = env.registry.model((field as { relation: string }).relation);
      const indices: number[] = [];
      const subpaths: string[][] = [];
      paths.forEach((path, i) => {
        if (path[0] !== relfield) return;
        indices.push(i);
        subpaths.push(path.length > 1 ? path.slice(1) : [BY_NAME]);
      });
      const relData = span.map((r) => indices.map((i) => r[i])).filter((cells) => cells.some(truthy));
      record[relfield] = extractRecords(env, comodel, subpaths, relData).map((sub) => sub.record);
    }
    out.push({ record, from: index, to: index + span.length - 1 });
    index += span.length;
  }
  return out;
}

/** `_convert_records` for one record: its database id, external id and the values for create/write. */
function convertRecord(env: Env, model: ModelDef, record: Extracted, info: OdooStruct, messages: Message[], currentModule: string): { dbid: number | false; xid: string | false; vals: Vals } {
  const xid = truthy(record['id']) ? String(record['id']) : false;
  let dbid: number | false = false;
  if ('.id' in record) {
    const raw = record['.id'];
    const parsed = typeof raw === 'number' ? raw : /^\s*[+-]?\d+\s*$/.test(String(raw)) ? Number(raw) : NaN;
    if (Number.isInteger(parsed) && searchRecords(env, model, [['id', '=', parsed]]).length > 0) dbid = parsed;
    else messages.push({ ...info, type: 'error', field: '.id', message: `Unknown database identifier '${String(raw)}'` });
  }
  const log = (field: string, error: ImportValueError): void => {
    const label = fieldOf(model, field).string;
    messages.push({
      ...info,
      type: error.warning ? 'warning' : 'error',
      field,
      message: formatMessage(error.template, label),
      ...(error.info ? { ...error.info, field_name: label } : {}),
    });
  };
  return { dbid, xid: xid && !xid.includes('.') ? `${currentModule}.${xid}` : xid, vals: convertValues(env, model, record, log, currentModule) };
}

function formatMessage(template: string, fieldLabel: string): string {
  return template.replace(/%\(field\)s/g, fieldLabel).replace(/%%/g, '%');
}

/** `ir.fields.converter.for_model(model)(record, log)`. */
function convertValues(env: Env, model: ModelDef, record: Extracted, log: (field: string, error: ImportValueError) => void, currentModule: string): Vals {
  const vals: Vals = {};
  for (const [name, value] of Object.entries(record)) {
    if (REFERENCING.has(name)) continue;
    if (!truthy(value)) {
      vals[name] = false;
      continue;
    }
    try {
      const { value: converted, warnings } = convertField(env, model, model.fields[name]!, name, value, currentModule);
      vals[name] = converted;
      for (const warning of warnings) log(name, warning);
    } catch (error) {
      if (!(error instanceof ImportValueError)) throw error;
      log(name, error);
    }
  }
  return vals;
}

type Converted = { value: unknown; warnings: ImportValueError[] };

function text(value: Cell): string {
  // The converters call str methods on the cell: anything else fails like Python would.
  if (typeof value !== 'string') throw faults.attribute(`'${pyTypeOf(value)}' object has no attribute 'lower'`);
  return value;
}

function pyTypeOf(value: unknown): string {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (Array.isArray(value)) return 'list';
  return value === null ? 'NoneType' : 'dict';
}

function strToBoolean(value: Cell): Converted {
  const lower = text(value).toLowerCase();
  if (TRUE_WORDS.has(lower)) return { value: true, warnings: [] };
  if (FALSE_WORDS.has(lower)) return { value: false, warnings: [] };
  return { value: true, warnings: [new ImportValueError(`Unknown value '${escape(lower)}' for boolean field '%(field)s'`, { moreinfo: "Use '1' for yes and '0' for no" })] };
}

function escape(value: string): string {
  return value.replace(/%/g, '%%');
}

function convertField(env: Env, model: ModelDef, field: FieldDef, name: string, value: Cell, currentModule: string): Converted {
  switch (field.type) {
    case 'char':
    case 'text':
      return { value, warnings: [] };
    case 'boolean':
      return strToBoolean(value);
    case 'integer': {
      if (typeof value === 'number' && Number.isInteger(value)) return { value, warnings: [] };
      if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return { value: Number(value), warnings: [] };
      throw new ImportValueError(`'${escape(String(value))}' does not seem to be an integer for field '%(field)s'`);
    }
    case 'float':
    case 'monetary': {
      if (typeof value === 'number') return { value, warnings: [] };
      if (typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) return { value: Number(value), warnings: [] };
      throw new ImportValueError(`'${escape(String(value))}' does not seem to be a number for field '%(field)s'`);
    }
    case 'date': {
      const match = /^(\d{4}-\d{2}-\d{2})/.exec(text(value));
      if (match && !Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`))) return { value: match[1], warnings: [] };
      throw new ImportValueError(`'${escape(String(value))}' does not seem to be a valid date for field '%(field)s'`, { moreinfo: "Use the format '2012-12-31'" });
    }
    case 'datetime': {
      const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?$/.exec(text(value));
      if (match && !Number.isNaN(Date.parse(`${match[1]}T${match[2] ?? '00:00:00'}Z`))) return { value: `${match[1]} ${match[2] ?? '00:00:00'}`, warnings: [] };
      throw new ImportValueError(`'${escape(String(value))}' does not seem to be a valid datetime for field '%(field)s'`, { moreinfo: "Use the format '2012-12-31 23:59:59'" });
    }
    case 'json':
      try {
        return { value: JSON.parse(text(value)), warnings: [] };
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
        throw new ImportValueError(`'${escape(String(value))}' does not seem to be a valid JSON for field '%(field)s'`);
      }
    case 'selection': {
      const lower = text(value).toLowerCase();
      const hit = field.selection.find(([item, label]) => item.toLowerCase() === lower || label.toLowerCase() === lower);
      if (hit) return { value: hit[0], warnings: [] };
      throw new ImportValueError(`Value '${escape(String(value))}' not found in selection field '%(field)s'`, { moreinfo: field.selection.map(([item, label]) => label || item) });
    }
    case 'many2one': {
      const records = value as Extracted[];
      if (records.length !== 1) throw new ImportValueError(`too many values to unpack (expected 1)`);
      const subfield = referencingSubfield(records[0]!);
      const { id, warnings } = dbIdFor(env, field.relation, subfield, records[0]![subfield], currentModule);
      return { value: id, warnings };
    }
    case 'many2many': {
      const records = value as Extracted[];
      if (records.length !== 1) throw new ImportValueError(`too many values to unpack (expected 1)`);
      const subfield = referencingSubfield(records[0]!);
      const ids: Array<number | false> = [];
      const warnings: ImportValueError[] = [];
      for (const reference of text(records[0]![subfield]).split(',')) {
        const found = dbIdFor(env, field.relation, subfield, reference, currentModule);
        ids.push(found.id);
        warnings.push(...found.warnings);
      }
      return { value: [[6, 0, ids]], warnings };
    }
    case 'one2many':
      return strToOne2many(env, model, field.relation, name, value as Extracted[], currentModule);
  }
}

/** `_referencing_subfield`: a many2one cell refers by name, external id or database id, exactly one. */
function referencingSubfield(record: Extracted): string {
  const keys = Object.keys(record);
  if (keys.some((k) => !REFERENCING.has(k))) throw new ImportValueError('Can not create Many-To-One records indirectly, import the field separately');
  if (keys.length > 1) throw new ImportValueError("Ambiguous specification for field '%(field)s', only provide one of name, external id or database id");
  return keys[0]!;
}

/** `db_id_for`: the id a reference names, or a ValueError saying none was found. */
function dbIdFor(env: Env, comodelName: string, subfield: string, value: Cell, currentModule: string): { id: number | false; warnings: ImportValueError[] } {
  const comodel = env.registry.model(comodelName);
  const warnings: ImportValueError[] = [];
  let id: number | undefined;
  let fieldType: string;
  if (subfield === '.id') {
    fieldType = 'database id';
    if (typeof value === 'string' && !strToBoolean(value).value) return { id: false, warnings };
    const tentative = typeof value === 'number' ? value : Number(String(value).trim());
    if (Number.isInteger(tentative) && searchRecords(env, comodel, [['id', '=', tentative]]).length > 0) id = tentative;
  } else if (subfield === 'id') {
    fieldType = 'external id';
    if (!strToBoolean(value).value) return { id: false, warnings };
    const xmlid = text(value).includes('.') ? text(value) : `${currentModule}.${text(value)}`;
    const row = xmlidRow(env, xmlid);
    if (row && env.db.table(row.model).get(row.resId)) {
      if (row.model !== comodelName) throw new ImportValueError(`Invalid external ID ${escape(xmlid)}: expected model '${comodelName}', found '${row.model}'`);
      id = row.resId;
    }
  } else {
    fieldType = 'name';
    if (value === '') return { id: false, warnings };
    const found = nameSearch(env, comodel, value, [], '=', 100) as Array<[number, string]>;
    if (found.length > 1) warnings.push(new ImportValueError(`Found multiple matches for value '${escape(String(value))}' in field '%(field)s' (${found.length} matches)`, undefined, true));
    id = found[0]?.[0];
  }
  if (id === undefined) {
    throw new ImportValueError(`No matching record found for ${fieldType} '${escape(String(value))}' in field '%(field)s'`, {
      moreinfo: {
        name: 'Possible Values',
        type: 'ir.actions.act_window',
        target: 'new',
        view_mode: 'tree,form',
        views: [
          [false, 'list'],
          [false, 'form'],
        ],
        context: { create: false },
        help: 'See all possible values',
        res_model: subfield === BY_NAME ? comodelName : 'ir.model.data',
        ...(subfield === BY_NAME ? {} : { domain: [['model', '=', comodelName]] }),
      },
    });
  }
  return { id, warnings };
}

/**
 * `_str_to_one2many`: each sub-record is a line. A line naming an existing record by reference is
 * linked and updated; any other is created. An error inside a line fails the parent's field, its
 * message naming the path (`%(field)s/Account`).
 */
function strToOne2many(env: Env, _model: ModelDef, comodelName: string, _name: string, records: Extracted[], currentModule: string): Converted {
  const comodel = env.registry.model(comodelName);
  const warnings: ImportValueError[] = [];
  let lines = records;
  if (records.length === 1 && Object.keys(records[0]!).every((k) => REFERENCING.has(k))) {
    const subfield = referencingSubfield(records[0]!);
    lines = text(records[0]![subfield]).split(',').map((item) => ({ [subfield]: item }));
  }
  const commands: unknown[] = [];
  for (const line of lines) {
    const refs = Object.keys(line).filter((k) => REFERENCING.has(k));
    const plain: Extracted = Object.fromEntries(Object.entries(line).filter(([k]) => !REFERENCING.has(k)));
    const writable = convertValues(
      env,
      comodel,
      plain,
      (field, error) => {
        if (error.warning) {
          warnings.push(error);
          return;
        }
        const label = fieldOf(comodel, field).string;
        throw new ImportValueError(error.template.replace(/%\(field\)s/g, `%(field)s/${label}`), error.info);
      },
      currentModule,
    );
    let id: number | false = false;
    if (refs.length > 0) {
      const subfield = referencingSubfield(Object.fromEntries(refs.map((k) => [k, line[k]])));
      try {
        const found = dbIdFor(env, comodelName, subfield, line[subfield], currentModule);
        id = found.id;
        warnings.push(...found.warnings);
      } catch (error) {
        if (subfield !== 'id' || !(error instanceof ImportValueError)) throw error;
      }
    }
    if (id) commands.push([4, id, 0], [1, id, writable]);
    else commands.push([0, 0, writable]);
  }
  return { value: commands, warnings };
}

interface XmlidRow {
  rowId: number;
  model: string;
  resId: number;
  noupdate: boolean;
}

function xmlidRow(env: Env, xmlid: string): XmlidRow | undefined {
  const dot = xmlid.indexOf('.');
  const [module, name] = [xmlid.slice(0, dot), xmlid.slice(dot + 1)];
  const table = env.db.table('ir.model.data');
  for (const rowId of table.lookup('name', name)) {
    const row = table.get(rowId)!;
    if (row['module'] === module) return { rowId, model: String(row['model']), resId: Number(row['res_id']), noupdate: row['noupdate'] === true };
  }
  return undefined;
}

/**
 * `_load_records` for one record. An external id that exists picks its record: written, unless the
 * call is in `update` mode and the id is `noupdate` (then left as it is). One whose record was deleted
 * is dropped and the record created again. A new record gets its external id in this same savepoint.
 */
function saveRecord(env: Env, model: ModelDef, converted: { dbid: number | false; xid: string | false; vals: Vals }, options: { update: boolean; noupdate: boolean }): number {
  const { dbid, xid, vals } = converted;
  const system = sudo(env);
  let id: number;
  if (xid) {
    const row = xmlidRow(env, xid);
    if (row && row.model !== model.name) {
      throw faults.validation(`For external id ${xid} when trying to create/update a record of model ${model.name} found record of different model ${row.model} (${row.rowId})`);
    }
    if (row && env.db.table(model.name).get(row.resId)) {
      id = row.resId;
      if (!(options.update && row.noupdate)) writeRecords(env, model, [id], vals);
    } else {
      if (row) unlinkRecords(system, env.registry.model('ir.model.data'), [row.rowId]);
      [id] = createRecords(env, model, [vals]) as [number];
      const dot = xid.indexOf('.');
      createRecords(system, env.registry.model('ir.model.data'), [{ module: xid.slice(0, dot), name: xid.slice(dot + 1), model: model.name, res_id: id, noupdate: options.noupdate }]);
    }
  } else if (dbid) {
    id = dbid;
    writeRecords(env, model, [id], vals);
  } else {
    [id] = createRecords(env, model, [vals]) as [number];
  }
  // Odoo flushes at the end of the savepoint: checks such as a move's balance belong to this record.
  env.deferred.flush();
  return id;
}
