// mlc-servicenow-write, import set rows one at a time: an Odoo purchase order staged as a header row in
// sn_fcms_intg_imp_order, then its two lines in sn_fcms_intg_imp_order_line, each transformed before
// the answer. Protocol: POST import/{order} → POST import/{order_line} per line. After an unknown
// outcome the writer looks the target up by the coalesce key (GET sn_shop_purchase_order[_line]) and
// stages the rows again; those look-ups belong to the protocol, though a clean run makes none.
import { importPaths, LINE_STAGING, ORDER_STAGING, purchaseOrderImportProfile, tablePaths } from './servicenow-shared';

export const serviceNowImportProfile = purchaseOrderImportProfile({
  id: 'servicenow-import',
  title: 'mlc-servicenow-write, purchase orders through the Import Set API (POST the header row, POST each line row)',
  operation: 'import',
  paths: [...importPaths(ORDER_STAGING), ...importPaths(LINE_STAGING), ...tablePaths('sn_shop_purchase_order'), ...tablePaths('sn_shop_purchase_order_line')],
});
