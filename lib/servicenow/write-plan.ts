// Plan-only writes to ServiceNow: what the writer (writer.ts) would do with each record, found the
// same way, without writing anything. Table API: an upsert by the writer's own correlation look-up, an
// update by reading the record by sys_id; the fields that would change are the ones the upsert would
// PATCH (stored-values.ts). Import sets: each row translated as its transform map would (transform-
// maps.ts: staging column to target field, keys of other records to their sys_ids), then found by the
// coalesce key the transform and the writer's look-up use (staging-keys.ts): per batch one query for
// the headers and one for the lines (per 40 rows), one per referenced table for the keys. Reads only.
import type { PlanAction, PlanFieldChange } from '../plan/plan';
import type { ServiceNowClient } from './client';
import { fieldValue, stringValues, type ServiceNowRow } from './records';
import { referenceCacheFor, type ReferenceCache, type ReferenceHit } from './references';
import { findCoalesced, type CoalesceFind } from './staging-keys';
import { storedChanges } from './stored-values';
import { STAGING_MAPS, stagedValue, stagingMapOf, type StagingColumn, type StagingMap } from './transform-maps';
import type { ImportWrite, ServiceNowWriteRequest, TableWrite } from './write-input';
import { failedServiceNowOutcome, findByCorrelation } from './writer';

export interface ServiceNowPlanSuccess {
  ok: true;
  action: PlanAction;
  /** The record the write would change (none for a create); for imports the header's target. */
  id?: string;
  changes: PlanFieldChange[];
}

export type ServiceNowPlanOutcome = ServiceNowPlanSuccess | ReturnType<typeof failedServiceNowOutcome>;

export interface ServiceNowPlannerOptions {
  /** The node's "ignored" choice: false plans a record none of whose rows would change as a failure, as the writer fails it. */
  ignoredIsUnchanged: boolean;
  /** Where references are resolved; the connection's cache when absent. */
  references?: ReferenceCache;
}

export class ServiceNowPlanError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ServiceNowPlanError';
  }
}

/** A staged row as its transform map reads it: the non-empty mapped columns, or why the transform would reject it. */
type Translated = { ok: true; cells: Array<{ column: StagingColumn; value: string }> } | { ok: false; error: ServiceNowPlanError };

/** Found records of referenced tables: per `table\0by`, per key, the record or null. */
type Resolved = Map<string, Map<string, ReferenceHit | null>>;

interface ImportItem {
  index: number;
  request: ImportWrite;
}

const slotOf = (reference: { table: string; by: string }): string => `${reference.table}\u0000${reference.by}`;

export class ServiceNowWritePlanner {
  private readonly references: ReferenceCache;

  constructor(
    private readonly client: ServiceNowClient,
    private readonly options: ServiceNowPlannerOptions,
  ) {
    this.references = options.references ?? referenceCacheFor(client);
  }

  /** One outcome per request, in order; the name lets the write nodes' batching drive it like a writer. */
  async writeBatch(requests: ServiceNowWriteRequest[], signal?: AbortSignal): Promise<ServiceNowPlanOutcome[]> {
    const out = new Array<ServiceNowPlanOutcome>(requests.length);
    const imports = new Map<string, ImportItem[]>();
    const tables: Array<Promise<void>> = [];
    requests.forEach((request, index) => {
      if (!isTableWrite(request)) {
        const group = `${request.table}\u0000${request.lineTable ?? ''}`;
        imports.set(group, [...(imports.get(group) ?? []), { index, request }]);
      } else tables.push(this.planTable(request, signal).then((outcome) => void (out[index] = outcome)));
    });
    for (const group of imports.values()) {
      try {
        await this.planImports(group, out, signal);
      } catch (err) {
        for (const { index, request } of group) out[index] ??= failedServiceNowOutcome(request, err);
      }
    }
    await Promise.all(tables);
    return out;
  }

  private async planTable(request: TableWrite, signal?: AbortSignal): Promise<ServiceNowPlanOutcome> {
    try {
      const want = stringValues(request.values, request.table);
      if (request.operation === 'insert') return created(want);
      const found =
        request.operation === 'update'
          ? await this.client.get(request.table, request.sysId, { excludeReferenceLink: true, ...(signal ? { signal } : {}) })
          : await findByCorrelation(this.client, request, signal);
      if (!found) {
        if (request.operation === 'upsert') return created(want);
        throw new ServiceNowPlanError(`servicenow: ${request.table} has no record ${request.sysId} (or an ACL hides it); nothing to update`, 'MLC_SERVICENOW_NOT_FOUND');
      }
      const changes = storedChanges(want, found);
      return { ok: true, action: changes.length > 0 ? 'update' : 'unchanged', id: fieldValue(found, 'sys_id') ?? '', changes };
    } catch (err) {
      return failedServiceNowOutcome(request, err);
    }
  }

  /** Records of one staging table (and line table): translated, their references resolved, found by coalesce, compared. */
  private async planImports(group: ImportItem[], out: ServiceNowPlanOutcome[], signal?: AbortSignal): Promise<void> {
    const { table, lineTable } = (group[0] as ImportItem).request;
    const map = stagingMapOf(table);
    const lineMap = lineTable ? stagingMapOf(lineTable) : undefined;
    if (!map || (lineTable && !lineMap)) {
      const unknown = !map ? table : lineTable;
      const error = new ServiceNowPlanError(`servicenow: the transform map of ${unknown} is not one ml-connector knows, so what it would write cannot be planned (known: ${Object.keys(STAGING_MAPS).join(', ')})`, 'MLC_SERVICENOW_PLAN_UNKNOWN_STAGING');
      for (const { index, request } of group) out[index] = failedServiceNowOutcome(request, error);
      return;
    }
    const headers = group.map(({ request }) => translate(table, map, request.header));
    const lines = group.map(({ request }) => (lineMap && lineTable ? request.lines.map((line) => translate(lineTable, lineMap, line)) : []));
    const resolved = await this.resolve([...headers.map((row) => ({ row })), ...lines.flat().map((row) => ({ row, parent: map.target }))], signal);
    const headerFinds = await findCoalesced(this.client, table, group.map((g) => g.request.header), fieldsOf(map), signal);

    // Lines are looked up only under a header that exists: a new header's lines are all new.
    const lineJobs: Array<{ g: number; n: number; values: Record<string, unknown> }> = [];
    group.forEach(({ request }, g) => {
      if (headerFinds[g]?.kind === 'found') request.lines.forEach((values, n) => lineJobs.push({ g, n, values }));
    });
    const lineFinds = lineMap && lineTable && lineJobs.length > 0 ? await findCoalesced(this.client, lineTable, lineJobs.map((j) => j.values), fieldsOf(lineMap), signal) : [];
    const lineFindOf = new Map(lineJobs.map((job, k) => [`${job.g}:${job.n}`, lineFinds[k] as CoalesceFind]));

    group.forEach(({ index, request }, g) => {
      try {
        out[index] = this.planRecord(request, map, headers[g] as Translated, headerFinds[g] as CoalesceFind, lines[g] ?? [], (n) => lineFindOf.get(`${g}:${n}`), resolved);
      } catch (err) {
        out[index] = failedServiceNowOutcome(request, err);
      }
    });
  }

  private planRecord(request: ImportWrite, map: StagingMap, header: Translated, headerFind: CoalesceFind, lines: Translated[], lineFind: (n: number) => CoalesceFind | undefined, resolved: Resolved): ServiceNowPlanOutcome {
    const headerValues = targetValues(request.table, header, resolved);
    const found = checkFind(request.table, map, headerFind);
    const headerId = found ? (fieldValue(found, 'sys_id') ?? '') : undefined;
    const changes: PlanFieldChange[] = found ? storedChanges(headerValues, found) : createdChanges(headerValues, '');
    lines.forEach((line, n) => {
      const lineStaging = request.lineTable as string;
      const values = targetValues(lineStaging, line, resolved, map.target);
      const lineFound = headerId === undefined ? undefined : checkFind(lineStaging, stagingMapOf(lineStaging) as StagingMap, lineFind(n) ?? { kind: 'none' });
      changes.push(...(lineFound ? storedChanges(values, lineFound).map((c) => ({ ...c, field: `lines.${n}.${c.field}` })) : createdChanges(values, `lines.${n}.`)));
    });
    if (headerId === undefined) return { ok: true, action: 'create', changes };
    if (changes.length === 0 && !this.options.ignoredIsUnchanged && !request.retry) {
      throw new ServiceNowPlanError(`servicenow: the transform of ${request.table} would ignore every row of the record (its coalesce finds ${map.target} ${headerId}, which already holds every value); the node counts that as a failure`, 'MLC_SERVICENOW_TRANSFORM_IGNORED');
    }
    return { ok: true, action: changes.length > 0 ? 'update' : 'unchanged', id: headerId, changes };
  }

  /** Every key the rows name, resolved fresh (a plan says what the transform finds now): one query per referenced table and column. */
  private async resolve(rows: Array<{ row: Translated; parent?: string }>, signal?: AbortSignal): Promise<Resolved> {
    const wanted = new Map<string, { table: string; by: string; keys: Set<string> }>();
    for (const { row, parent } of rows) {
      if (!row.ok) continue;
      for (const { column, value } of row.cells) {
        if (!column.reference || column.reference.table === parent) continue;
        const slot = slotOf(column.reference);
        const entry = wanted.get(slot) ?? { table: column.reference.table, by: column.reference.by, keys: new Set<string>() };
        entry.keys.add(value);
        wanted.set(slot, entry);
      }
    }
    const resolved: Resolved = new Map();
    await Promise.all(
      [...wanted].map(async ([slot, { table, by, keys }]) => {
        resolved.set(slot, await this.references.resolve(table, by, [], keys, { ttlMs: 0, ...(signal ? { signal } : {}) }));
      }),
    );
    return resolved;
  }
}

function isTableWrite(request: ServiceNowWriteRequest): request is TableWrite {
  return request.operation !== 'import' && request.operation !== 'import-bulk';
}

function created(want: Readonly<Record<string, string>>): ServiceNowPlanSuccess {
  return { ok: true, action: 'create', changes: createdChanges(want, '') };
}

/** A record or line that would be created sets every field: shown with no old value. */
function createdChanges(values: Readonly<Record<string, string>>, prefix: string): PlanFieldChange[] {
  return Object.entries(values).map(([field, value]) => ({ field: `${prefix}${field}`, old: null, new: value }));
}

/** The target fields a transform map reads back to compare. */
function fieldsOf(map: StagingMap): string[] {
  return map.columns.map((c) => c.field);
}

function translate(staging: string, map: StagingMap, raw: Record<string, unknown>): Translated {
  let values: Record<string, string>;
  try {
    values = stringValues(raw, staging);
  } catch (err) {
    return { ok: false, error: new ServiceNowPlanError(err instanceof Error ? err.message : String(err), 'MLC_SERVICENOW_INPUT') };
  }
  const cells: Array<{ column: StagingColumn; value: string }> = [];
  for (const column of map.columns) {
    const value = stagedValue(values, column.column);
    if (value !== '') cells.push({ column, value });
    else if (column.mandatory) return { ok: false, error: new ServiceNowPlanError(`servicenow: the transform of ${staging} would reject the row: its mandatory column ${column.column} is empty`, 'MLC_SERVICENOW_TRANSFORM_ERROR') };
  }
  return { ok: true, cells };
}

/**
 * A translated row's target values: a reference as the sys_id of the record its key names (empty values
 * never overwrite, so they are left out). `parent` is the header's table for a line: its reference to
 * the header is how the coalesce found the line (or, for a new header, has no sys_id yet), so it is
 * neither a change nor compared.
 */
function targetValues(staging: string, row: Translated, resolved: Resolved, parent?: string): Record<string, string> {
  if (!row.ok) throw row.error;
  const out: Record<string, string> = {};
  for (const { column, value } of row.cells) {
    if (!column.reference) {
      out[column.field] = value;
      continue;
    }
    const { table, by, label } = column.reference;
    if (table === parent) continue;
    const hit = resolved.get(slotOf(column.reference))?.get(value);
    if (!hit) throw new ServiceNowPlanError(`servicenow: the transform of ${staging} would reject the row: ${label} '${value}' (${column.column}) not found: no ${table} record with ${by} = ${value}`, 'MLC_SERVICENOW_REFERENCE_MISSING');
    out[column.field] = hit.sysId;
  }
  return out;
}

/** The record a row's coalesce finds, undefined for none; a key that finds several, or none to find by, refuses the record. */
function checkFind(staging: string, map: StagingMap, find: CoalesceFind): ServiceNowRow | undefined {
  if (find.kind === 'found') return find.row;
  if (find.kind === 'none') return undefined;
  if (find.kind === 'ambiguous') throw new ServiceNowPlanError(`servicenow: the coalesce key of ${staging} finds ${find.count} ${map.target} records; the transform would update one of them`, 'MLC_SERVICENOW_COALESCE_AMBIGUOUS');
  throw new ServiceNowPlanError(`servicenow: the row has no coalesce key for ${map.target} (${map.coalesce.join(', ')})`, 'MLC_SERVICENOW_TRANSFORM_ERROR');
}
