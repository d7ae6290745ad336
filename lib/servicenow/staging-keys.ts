// The coalesce keys of the ERP integration framework's staging tables (B.6), as the sandbox's transform
// maps use them (sandbox/README.md; the docs give labels only, so an instance may differ). After an
// unknown outcome the write node looks the target up by these before it stages the row again, and
// checks that the new transform result names the same record.
import { isHttpError } from '../http/errors';
import type { ServiceNowClient } from './client';
import { fieldValue } from './records';

interface CoalesceKey {
  /** The staging columns that may hold the key (plain, or with the `u_` prefix of an instance that uses one). */
  columns: string[];
  /** Where the target holds it, dot-walked through a reference where the map coalesces on one. */
  field: string;
}

const key = (column: string, field = column): CoalesceKey => ({ columns: [column, `u_${column}`], field });

export const STAGING_COALESCE: Readonly<Record<string, { target: string; keys: CoalesceKey[] }>> = {
  sn_fcms_intg_imp_supplier: { target: 'sn_fin_supplier', keys: [key('erp_supplier_id')] },
  sn_fcms_intg_imp_cost_center: { target: 'cmn_cost_center', keys: [key('code')] },
  sn_fcms_intg_gl_account_stage: { target: 'sn_fin_gl_account', keys: [key('number')] },
  sn_fcms_intg_imp_order: { target: 'sn_shop_purchase_order', keys: [key('erp_po_number'), key('erp_source')] },
  sn_fcms_intg_imp_order_line: { target: 'sn_shop_purchase_order_line', keys: [key('erp_po_number', 'purchase_order.erp_po_number'), key('erp_line_number')] },
  sn_spend_intg_imp_invoice: { target: 'sn_shop_invoice', keys: [key('external_invoice_number')] },
  sn_spend_intg_imp_invoice_line: { target: 'sn_shop_invoice_line', keys: [key('external_invoice_number', 'invoice.external_invoice_number'), key('line_number')] },
};

/**
 * The sys_id of the one target record the row coalesces onto, when the staging table is known, the row
 * holds every key and the user may read the target; undefined when nothing can be verified or no record
 * has the key yet.
 */
export async function coalesceLookup(client: ServiceNowClient, staging: string, values: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<string | undefined> {
  const known = STAGING_COALESCE[staging];
  if (!known) return undefined;
  const where: Array<{ field: string; op: '='; value: string }> = [];
  for (const k of known.keys) {
    const column = k.columns.find((c) => values[c] !== undefined && values[c] !== null && String(values[c]).trim() !== '');
    if (!column) return undefined;
    where.push({ field: k.field, op: '=', value: String(values[column]).trim() });
  }
  try {
    const page = await client.pages(known.target, { query: { where }, pageSize: 2, fields: ['sys_id'], ...(signal ? { signal } : {}) }).next();
    const rows = page.done ? [] : page.value;
    return rows.length === 1 ? fieldValue(rows[0] as Record<string, unknown>, 'sys_id') : undefined;
  } catch (err) {
    // A user that may import but not read the target (or an ACL on it): nothing to verify with.
    if (isHttpError(err) && (err.status === 403 || err.status === 404)) return undefined;
    throw err;
  }
}
