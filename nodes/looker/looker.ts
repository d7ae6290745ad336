// mlc-looker: one node for what a flow asks of Looker (list models, describe an explore, run an inline
// query or a saved Look, run a scheduled plan once, trigger a datagroup). The editor's settings are
// the defaults; a msg property of the same name overrides each. The answer replaces msg.payload.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { isLookerError, lookerErrorBody } from '../../lib/looker/errors';
import { lookerRequestOf, parseFilters, runLookerRequest, workingText, type LookerOperationSettings } from '../../lib/looker/operation';
import { NodeInputError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { fit, NodeStatus } from '../shared/status';
import type { LookerConfigNode, MlcMessage } from '../shared/types';

interface LookerFields extends LookerOperationSettings {
  looker?: string;
}

/** "12:03": when it happened, in the server's local time as the other status texts are read. */
function clock(date: Date): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

export = function (RED: NodeAPI): void {
  function MlcLookerNode(this: Node, def: NodeDef & LookerFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const config = def.looker ? (RED.nodes.getNode(def.looker) as LookerConfigNode | null) : null;
    const settings: LookerOperationSettings = {
      ...(def.operation ? { operation: def.operation } : {}),
      ...(def.model ? { model: def.model } : {}),
      ...(def.explore ? { explore: def.explore } : {}),
      ...(def.fields ? { fields: def.fields } : {}),
      ...(def.filters ? { filters: def.filters } : {}),
      ...(def.sorts ? { sorts: def.sorts } : {}),
      ...(def.limit !== undefined && String(def.limit) !== '' ? { limit: String(def.limit) } : {}),
      ...(def.lookId ? { lookId: String(def.lookId) } : {}),
      ...(def.planId ? { planId: String(def.planId) } : {}),
      ...(def.datagroup ? { datagroup: def.datagroup } : {}),
      ...(def.cache !== undefined ? { cache: def.cache } : {}),
    };
    const filters = parseFilters(settings.filters);
    const settingsProblem = filters.ok ? undefined : filters.problem;
    const controller = new AbortController();

    if (!config) status.set('error', 'no Looker config');
    else if (settingsProblem) status.set('error', settingsProblem);
    else status.set('idle', settings.operation ?? 'models');

    onInput<MlcMessage>(node, status, async (msg, send, done) => {
      if (!config) throw new NodeInputError('mlc-looker: choose a Looker config node', 'MLC_NO_CONFIG');
      if (settingsProblem) throw new NodeInputError(`mlc-looker: ${settingsProblem}`, 'MLC_BAD_SETTINGS');
      const request = lookerRequestOf(settings, msg);
      if (!request.ok) throw new NodeInputError(`mlc-looker: ${request.problem}`, 'MLC_LOOKER_INPUT');
      status.set('working', fit(workingText(request.value)));
      try {
        const outcome = await runLookerRequest(config.getClient(), request.value, controller.signal);
        msg.payload = outcome.payload;
        msg.topic = outcome.topic;
        const at = clock(new Date());
        status.set('ok', fit(`${outcome.done} ${at}`, ...(outcome.short ? [`${outcome.short} ${at}`] : []), outcome.done));
        send(msg);
        done();
      } catch (err) {
        // Node-RED copies an error's own `cause` into the Catch node's msg.error: Looker's own words go there.
        if (isLookerError(err)) Object.defineProperty(err, 'cause', { value: lookerErrorBody(err), enumerable: false, configurable: true, writable: true });
        throw err;
      }
    });

    onClose(node, () => {
      controller.abort();
      status.clear();
    });
  }

  RED.nodes.registerType('mlc-looker', MlcLookerNode as unknown as (this: Node, def: NodeDef) => void);
};
