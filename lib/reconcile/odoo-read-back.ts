// Odoo's read-back: the written records, or their lines, in one search_read per page. Journal entries
// are compared by their journal items (account.move.line by move_id); a record without lines (an
// employee) is read by id, so it counts by key and by whatever fields the controls name.
import type { OdooClient } from '../odoo';
import { sharesOf } from './dimension-shares';
import type { DimensionShare, ReadBackAdapter, ReadBackLine } from './read-back';
import { amountsOf, pageEntity } from './read-back-rows';

/** Where each written model keeps its lines: the line model and its field pointing at the record. */
export const ODOO_LINE_MODELS: Readonly<Record<string, { model: string; parent: string }>> = {
  'account.move': { model: 'account.move.line', parent: 'move_id' },
  'purchase.order': { model: 'purchase.order.line', parent: 'order_id' },
  'sale.order': { model: 'sale.order.line', parent: 'order_id' },
};

export class OdooReadBackError extends Error {
  readonly code = 'MLC_RECONCILE_ODOO';
  constructor(message: string) {
    super(message);
    this.name = 'OdooReadBackError';
  }
}

type OdooReader = Pick<OdooClient, 'searchRead'>;

export function odooReadBack(client: OdooReader): ReadBackAdapter {
  return {
    system: 'odoo',
    async readPage(records, spec) {
      const entity = pageEntity(records, (entities) => new OdooReadBackError(`reconcile: one run wrote to several Odoo models (${entities.join(', ')}); reconcile each in a run of its own`));
      const ids = records.map((r) => Number(r.target.id)).filter((id) => Number.isSafeInteger(id));
      const lineModel = spec?.lines ? ODOO_LINE_MODELS[entity] : undefined;
      if (spec?.lines && !lineModel) {
        throw new OdooReadBackError(`reconcile: the controls count lines, and ml-connector does not know where Odoo keeps the lines of ${entity}`);
      }
      const parent = lineModel?.parent ?? 'id';
      const fields = [...new Set([...(lineModel ? [parent] : []), ...(spec?.amounts ?? []).map((a) => a.target), ...(spec?.dimensions ?? []).map((d) => d.target)])];
      const rows = await client.searchRead(lineModel?.model ?? entity, { domain: [[parent, 'in', ids]], fields, raw: true });
      return rows.map((row): ReadBackLine => {
        const owner = lineModel ? idOf(row[parent]) : String(row['id']);
        const amounts = amountsOf(spec, (target) => row[target], (target, value) => new OdooReadBackError(`reconcile: Odoo answered ${JSON.stringify(value)} for ${target}, not an amount`));
        const dimensions: Record<string, DimensionShare[]> = {};
        for (const dimension of spec?.dimensions ?? []) dimensions[dimension.name] = sharesOf(row[dimension.target]);
        return { targetId: owner, amounts, dimensions };
      });
    },
  };
}

/** A many2one answers [id, name]; a plain field its value; false when empty. */
function idOf(value: unknown): string {
  if (Array.isArray(value)) return String(value[0]);
  if (value === false || value === null || value === undefined) return '';
  return String(value);
}
