// ServiceNow's read-back: the written records, or their lines, in one Table API GET per page, by the
// target sys_ids the store holds (`sys_idIN…`, or the lines' reference to their document `…IN…`),
// with only the fields the controls name (`sysparm_fields`; dot-walks such as `cost_center.code`
// allowed). Purchase orders and AP invoices are compared by their lines when the controls count
// lines (the import writes them as rows of their own), else by the document's own totals; every other
// record is its own line. Stored values: amounts are strings, references sys_ids.
import type { ServiceNowClient } from '../servicenow/client';
import { fieldValue, type ServiceNowRow } from '../servicenow/records';
import type { DimensionShare, ReadBackAdapter, ReadBackLine } from './read-back';
import { amountsOf, pageEntity, ReadBackError } from './read-back-rows';

/** Where each written table keeps its lines: the line table and its reference to the document. */
export const SERVICENOW_LINE_TABLES: Readonly<Record<string, { table: string; parent: string }>> = {
  sn_shop_purchase_order: { table: 'sn_shop_purchase_order_line', parent: 'purchase_order' },
  sn_shop_invoice: { table: 'sn_shop_invoice_line', parent: 'invoice' },
};

/** sysparm_limit of the one call: the most ServiceNow answers in one page by default. */
const MAX_ROWS = 10_000;

const fail = (message: string): ReadBackError => new ReadBackError(message, 'MLC_RECONCILE_SERVICENOW');

export function serviceNowReadBack(client: Pick<ServiceNowClient, 'pages'>): ReadBackAdapter {
  return {
    system: 'servicenow',
    async readPage(records, spec) {
      const table = pageEntity(records, (tables) => fail(`reconcile: one run wrote to several ServiceNow tables (${tables.join(', ')}); reconcile each in a run of its own`));
      const lines = spec?.lines ? SERVICENOW_LINE_TABLES[table] : undefined;
      if (spec?.lines && !lines) throw fail(`reconcile: the controls count lines, and ml-connector does not know where ServiceNow keeps the lines of ${table}`);
      const ids = [...new Set(records.map((r) => r.target.id).filter((id) => /^[0-9a-f]{32}$/i.test(id)))];
      if (ids.length === 0) return [];
      const owner = lines?.parent ?? 'sys_id';
      const fields = [...new Set([owner, ...(spec?.amounts ?? []).map((a) => a.target), ...(spec?.dimensions ?? []).map((d) => d.target)])];
      const limit = lines ? MAX_ROWS : ids.length;
      // One call, whatever it answers: the next page is never asked for.
      const page = await client.pages(lines?.table ?? table, { query: { where: [{ field: owner, op: 'IN', values: ids }] }, fields, excludeReferenceLink: true, pageSize: limit }).next();
      const rows: ServiceNowRow[] = page.done ? [] : page.value;
      if (lines && rows.length >= limit) throw fail(`reconcile: the written ${table} records of one page have ${limit} lines or more, more than one read answers; choose a smaller page size`);
      return rows.map((row): ReadBackLine => {
        const amounts = amountsOf(spec, (target) => fieldValue(row, target), (target, value) => fail(`reconcile: ServiceNow answered ${JSON.stringify(value)} for ${target}, not an amount`));
        const dimensions: Record<string, DimensionShare[]> = {};
        for (const dimension of spec?.dimensions ?? []) {
          const value = fieldValue(row, dimension.target) ?? '';
          dimensions[dimension.name] = value === '' ? [] : [{ value, label: null, percent: 100 }];
        }
        return { targetId: fieldValue(row, owner) ?? '', amounts, dimensions };
      });
    },
  };
}
