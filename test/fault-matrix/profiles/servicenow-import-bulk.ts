// mlc-servicenow-write, insertMultiple: an Odoo purchase order's header row loaded through
// import/{order}/insertMultiple and followed up (the staging rows of the import set read through the
// Table API until none is pending), then its lines the same way. The sandbox transforms an insertMultiple
// at once here (insertMultipleDelayMs 0, set after every reset): with its default second the number of
// follow-up reads would depend on timing, and so would the protocol. Protocol: POST
// import/{order}/insertMultiple → GET {order staging} → POST import/{order_line}/insertMultiple → GET
// {line staging}.
import { importPaths, LINE_STAGING, ORDER_STAGING, purchaseOrderImportProfile, servicenow, tablePaths } from './servicenow-shared';

export const serviceNowImportBulkProfile = purchaseOrderImportProfile({
  id: 'servicenow-import-bulk',
  title: 'mlc-servicenow-write, purchase orders through insertMultiple (header rows, follow-up, line rows, follow-up)',
  operation: 'import-bulk',
  paths: [...importPaths(ORDER_STAGING), ...importPaths(LINE_STAGING), ...tablePaths(ORDER_STAGING), ...tablePaths(LINE_STAGING)],
  async seed(ctx) {
    servicenow(ctx).setOptions({ insertMultipleDelayMs: 0 });
  },
});
