// mlc-servicenow-write, insertMultiple: an Odoo purchase order's header row loaded through
// import/{order}/insertMultiple and followed up (the staging rows of the import set read through the
// Table API until none is pending), then its lines the same way. The sandbox transforms an insertMultiple
// at once here (insertMultipleDelayMs 0, set after every reset): with its default second the number of
// follow-up reads would depend on timing, and so would the protocol. Protocol: POST
// import/{order}/insertMultiple → GET {order staging} → POST import/{order_line}/insertMultiple → GET
// {line staging}. Counted and verified as the one-row import profile.
import { mapNode, type WriteNodeProfile } from '../kit';
import {
  importPaths,
  importWriteNode,
  LINE_STAGING,
  ORDER_STAGING,
  protocolOf,
  purchaseOrderCounts,
  purchaseOrderMapRules,
  purchaseOrderProblems,
  purchaseOrders,
  servicenow,
  serviceNowConfigNode,
  serviceNowCredentials,
  tablePaths,
} from './servicenow-shared';

const PATHS = [...importPaths(ORDER_STAGING), ...importPaths(LINE_STAGING), ...tablePaths(ORDER_STAGING), ...tablePaths(LINE_STAGING)];

export const serviceNowImportBulkProfile: WriteNodeProfile = {
  id: 'servicenow-import-bulk',
  title: 'mlc-servicenow-write, purchase orders through insertMultiple (header rows, follow-up, line rows, follow-up)',
  system: 'servicenow',

  nodes(ctx, ids) {
    return [serviceNowConfigNode(ctx), mapNode(ids, 'Odoo purchase order → S2P order staging rows', purchaseOrderMapRules()), importWriteNode(ids, 'import-bulk', 'purchase orders to S2P (bulk)')];
  },

  credentials: serviceNowCredentials,

  async seed(ctx) {
    servicenow(ctx).setOptions({ insertMultipleDelayMs: 0 });
  },

  records: (_ctx, tag) => purchaseOrders('servicenow-import-bulk', tag),

  ...protocolOf(PATHS),

  targetCounts: purchaseOrderCounts,

  verify: purchaseOrderProblems,
};
