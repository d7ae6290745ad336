// Procore's read-back: what mlc-procore-write wrote, by the ids the store has, through Procore's list
// endpoints filtered by id (`filters[id][]`, `filters[direct_cost_id][]`), one call per page of written
// records. Vendors are company-wide; commitments and bills live in a project (the target's `scope`),
// so a page whose records sit in several projects costs one call per project: Procore has no list of
// them across projects. Amounts are on the lines: a bill's lines come from the project's direct cost
// line item list, filtered by direct cost. A purchase order's lines can only be listed per contract
// (Procore offers no line list across contracts), so counting PO lines costs one call per contract;
// without lines, POs are read with their totals (`grand_total`) in one call per page and project.
import type { ProcoreClient } from '../procore/client';
import type { ReadBackAdapter, ReadBackLine, WrittenRecord } from './read-back';
import { pageEntity } from './read-back-rows';
import { recordLine } from './record-line';
import type { ControlSpec } from './spec';

export class ProcoreReadBackError extends Error {
  readonly code = 'MLC_RECONCILE_PROCORE';
  constructor(message: string) {
    super(message);
    this.name = 'ProcoreReadBackError';
  }
}

type ProcoreReader = Pick<ProcoreClient, 'all' | 'companyId'>;
type Row = Record<string, unknown>;

/** Procore's own page limit is not documented for every list; a page of the reconcile fits in one answer up to this. */
const MAX_PER_PAGE = 1000;

export function procoreReadBack(client: ProcoreReader): ReadBackAdapter {
  const list = (path: string, query: Record<string, string | number | string[]>, count: number): Promise<Row[]> =>
    client.all<Row>(path, query, (rows) => rows.filter(isRow), { perPage: Math.min(MAX_PER_PAGE, Math.max(1, count)) });

  async function readGroup(entity: string, project: string | undefined, records: readonly WrittenRecord[], spec: ControlSpec | null): Promise<Array<{ owner: unknown; row: Row }>> {
    const ids = records.map((r) => r.target.id);
    const lines = Boolean(spec?.lines);
    if (entity === 'vendor') {
      if (lines) throw new ProcoreReadBackError('reconcile: a Procore vendor has no lines; count vendors with controls that name no lines');
      const rows = await list('/rest/v1.0/vendors', { company_id: client.companyId, 'filters[id][]': ids }, ids.length);
      return rows.map((row) => ({ owner: row['id'], row }));
    }
    if (project === undefined) throw new ProcoreReadBackError(`reconcile: the store has no project for the Procore ${entity} records (written before the write node kept it); write them again to reconcile them`);
    if (entity === 'direct_cost') {
      if (lines) {
        const rows = await list(`/rest/v1.0/projects/${encodeURIComponent(project)}/direct_costs/line_items`, { 'filters[direct_cost_id][]': ids }, ids.length * 10);
        return rows.map((row) => ({ owner: (row['holder'] as Row | null | undefined)?.['id'], row }));
      }
      const rows = await list(`/rest/v1.1/projects/${encodeURIComponent(project)}/direct_costs`, { 'filters[id][]': ids }, ids.length);
      return rows.map((row) => ({ owner: row['id'], row }));
    }
    if (entity === 'purchase_order_contract') {
      if (lines) {
        const perContract = await Promise.all(ids.map(async (id) => (await list(`/rest/v1.0/purchase_order_contracts/${encodeURIComponent(id)}/line_items`, { project_id: project }, 100)).map((row) => ({ owner: id, row }))));
        return perContract.flat();
      }
      const rows = await list('/rest/v1.0/purchase_order_contracts', { project_id: project, 'filters[id][]': ids }, ids.length);
      return rows.map((row) => ({ owner: row['id'], row }));
    }
    throw new ProcoreReadBackError(`reconcile: ml-connector does not read Procore ${entity} records back`);
  }

  return {
    system: 'procore',
    async readPage(records, spec) {
      const entity = pageEntity(records, (entities) => new ProcoreReadBackError(`reconcile: one run wrote several kinds of Procore records (${entities.join(', ')}); reconcile each in a run of its own`));
      const byProject = new Map<string | undefined, WrittenRecord[]>();
      for (const record of records) byProject.set(record.target.scope, [...(byProject.get(record.target.scope) ?? []), record]);
      const wanted = new Set(records.map((r) => r.target.id));
      const out: ReadBackLine[] = [];
      for (const [project, group] of byProject) {
        for (const { owner, row } of await readGroup(entity, project, group, spec)) {
          const targetId = owner === undefined || owner === null ? '' : String(owner);
          // A filter the target ignored would answer other records: only the written ones count.
          if (wanted.has(targetId)) out.push(recordLine(targetId, row, spec, 'Procore', (message) => new ProcoreReadBackError(message)));
        }
      }
      return out;
    },
  };
}

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
