// mlc-odoo-call: any model method, for what the read and write nodes do not cover (a wizard, a
// report, action_post on existing records, a read_group). The result replaces msg.payload.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { callRequestOf, parseJsonSetting, type CallSettings } from '../../lib/odoo/call-request';
import { NodeInputError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { fit, NodeStatus } from '../shared/status';
import type { MlcMessage, OdooConfigNode } from '../shared/types';

interface CallFields {
  odoo?: string;
  model?: string;
  method?: string;
  ids?: string;
  args?: string;
  kwargs?: string;
}

export = function (RED: NodeAPI): void {
  function MlcOdooCallNode(this: Node, def: NodeDef & CallFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const config = def.odoo ? (RED.nodes.getNode(def.odoo) as OdooConfigNode | null) : null;
    const settings: CallSettings = {};
    let settingsProblem: string | undefined;
    if (def.model) settings.model = def.model.trim();
    if (def.method) settings.method = def.method.trim();
    for (const name of ['ids', 'args', 'kwargs'] as const) {
      const parsed = parseJsonSetting(name, def[name]);
      if (!parsed.ok) settingsProblem ??= parsed.problem;
      else if (parsed.value !== undefined) (settings as Record<string, unknown>)[name] = parsed.value;
    }
    const controller = new AbortController();

    if (!config) status.set('error', 'no Odoo config');
    else if (settingsProblem) status.set('error', settingsProblem);
    else status.set('idle', settings.method ? `${settings.model ?? ''}.${settings.method}` : 'ready');

    onInput<MlcMessage>(node, status, async (msg, send, done) => {
      if (!config) throw new NodeInputError('mlc-odoo-call: choose an Odoo config node', 'MLC_NO_CONFIG');
      if (settingsProblem) throw new NodeInputError(`mlc-odoo-call: ${settingsProblem}`, 'MLC_BAD_SETTINGS');
      const request = callRequestOf(settings, msg);
      if (!request.ok) throw new NodeInputError(`mlc-odoo-call: ${request.problem}`, 'MLC_BAD_CALL');
      const { call } = request;
      status.set('working', fit(`${call.model}.${call.method}`, `calling ${call.method}`));
      const result = await config.getClient().call({ ...call, signal: controller.signal });
      msg.payload = result;
      msg.topic = `odoo/${call.model}`;
      status.set('ok', fit(`${call.model}.${call.method} done`, `${call.method} done`));
      send(msg);
      done();
    });

    onClose(node, () => {
      controller.abort();
      status.clear();
    });
  }

  RED.nodes.registerType('mlc-odoo-call', MlcOdooCallNode as unknown as (this: Node, def: NodeDef) => void);
};
