// mlc-paylocity-config: one Paylocity WebLink client (client id and secret, scope WebLinkAPI) and the
// company the flows work on, plus the Basic credentials Paylocity sends with its webhooks. It owns what
// the Paylocity nodes share and closes it on redeploy.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { PaylocityConfigNode } from '../shared/types';
import {
  PAYLOCITY_CREDENTIALS,
  paylocitySettingsFromNode,
  webhookCredentialsFrom,
  type PaylocityConfigFields,
  type PaylocityCredentials,
} from './paylocity-config-settings';

export = function (RED: NodeAPI): void {
  function MlcPaylocityConfigNode(this: PaylocityConfigNode, def: NodeDef & PaylocityConfigFields): void {
    RED.nodes.createNode(this, def);
    const node = this as PaylocityConfigNode & Node<PaylocityCredentials>;
    const credentials = node.credentials ?? {};
    const input = paylocitySettingsFromNode(node.id, def, credentials);
    node.configName = () => input.configName;
    node.companyId = () => input.companyId;
    node.webhookCredentials = () => webhookCredentialsFrom(credentials);
  }

  RED.nodes.registerType('mlc-paylocity-config', MlcPaylocityConfigNode as unknown as (this: Node, def: NodeDef) => void, {
    credentials: PAYLOCITY_CREDENTIALS,
  });
};
