// mlc-servicenow-write, import set rows one at a time: an Odoo purchase order staged as a header row in
// sn_fcms_intg_imp_order, then its two lines in sn_fcms_intg_imp_order_line, each transformed before
// the answer. Protocol: POST import/{order} → POST import/{order_line} per line. After an unknown
// outcome the writer looks the target up by the coalesce key (GET sn_shop_purchase_order[_line]) and
// stages the rows again; those look-ups belong to the protocol, though a clean run makes none. The
// count per key is the number of S2P orders with the Odoo order name; verify adds the lines, once each.
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
  serviceNowConfigNode,
  serviceNowCredentials,
  tablePaths,
} from './servicenow-shared';

const PATHS = [...importPaths(ORDER_STAGING), ...importPaths(LINE_STAGING), ...tablePaths('sn_shop_purchase_order'), ...tablePaths('sn_shop_purchase_order_line')];

export const serviceNowImportProfile: WriteNodeProfile = {
  id: 'servicenow-import',
  title: 'mlc-servicenow-write, purchase orders through the Import Set API (POST the header row, POST each line row)',
  system: 'servicenow',

  nodes(ctx, ids) {
    return [serviceNowConfigNode(ctx), mapNode(ids, 'Odoo purchase order → S2P order staging rows', purchaseOrderMapRules()), importWriteNode(ids, 'import', 'purchase orders to S2P')];
  },

  credentials: serviceNowCredentials,

  records: (_ctx, tag) => purchaseOrders('servicenow-import', tag),

  ...protocolOf(PATHS),

  targetCounts: purchaseOrderCounts,

  verify: purchaseOrderProblems,
};
