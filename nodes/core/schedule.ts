// mlc-schedule: starts syncs on a cron expression or a payroll calendar ("1 business day after the
// pay date, 06:00 Europe/Berlin"). The schedule arithmetic lives in lib/schedule; this file only
// arms the timer, answers input and the editor's admin routes, and cleans up on redeploy.
import { jsonOnly } from '../shared/admin-route';
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import {
  answerPreview,
  formatInZone,
  lastRun,
  nextRuns,
  payDateOf,
  runForPayDate,
  safeParseScheduleSpec,
  ScheduleTimer,
  specFromFormFields,
  triggerPayload,
  type ScheduledRun,
  type ScheduleFormFields,
  type ScheduleSpec,
  type TriggerKind,
  type TriggerPayload,
} from '../../lib/schedule';
import { NodeInputError, toError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { NodeStatus } from '../shared/status';

interface ScheduleSettings extends ScheduleFormFields {
  topic?: string;
  runOnStart?: boolean | string;
}

interface ScheduleMessage extends NodeMessage {
  topic: string;
  payload: TriggerPayload;
  mlc: { runId: string };
}

const DEFAULT_TOPIC = 'mlc/schedule';
// Runs sharing an instant fire together; a handful of upcoming runs is enough to see them all.
const UPCOMING_RUNS = 4;
// As the inject node's "inject once": give the rest of the flow time to start before the first message.
const DEPLOY_FIRE_DELAY_MS = 100;

export = function (RED: NodeAPI): void {
  function MlcScheduleNode(this: Node, def: NodeDef & ScheduleSettings): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const topic = typeof def.topic === 'string' && def.topic.trim() ? def.topic.trim() : DEFAULT_TOPIC;
    const parsed = safeParseScheduleSpec(specFromFormFields(def));
    const messageFor = (run: ScheduledRun, trigger: TriggerKind): ScheduleMessage => ({
      topic,
      payload: triggerPayload(run, trigger),
      mlc: { runId: run.runId },
    });

    let timer: ScheduleTimer | undefined;
    let deployFire: ReturnType<typeof setTimeout> | undefined;

    if (!parsed.ok) {
      status.set('error', 'invalid schedule');
      node.error(parsed.error.message);
    } else {
      const spec = parsed.spec;
      timer = new ScheduleTimer((after) => nextRuns(spec, after, UPCOMING_RUNS), {
        fire: (runs) => {
          for (const run of runs) node.send(messageFor(run, 'schedule'));
        },
        armed: (next) => {
          if (next) status.set('working', `next ${formatInZone(next.at, spec.timeZone)}`);
          else status.set('idle', 'no future runs');
        },
        failed: (err) => {
          status.set('error', 'schedule failed');
          node.error(`schedule failed: ${toError(err).message}`);
        },
      });
      timer.start();
      if (def.runOnStart === true || def.runOnStart === 'true') {
        deployFire = setTimeout(() => fireOnDeploy(node, spec, messageFor), DEPLOY_FIRE_DELAY_MS);
      }
    }

    onInput<NodeMessage>(node, status, async (msg, send, done) => {
      if (!parsed.ok) throw parsed.error;
      const payDate = payDateOf(msg.payload);
      const run = payDate ? runForPayDate(parsed.spec, payDate) : lastRun(parsed.spec, new Date());
      if (!run) throw new NodeInputError('the schedule has no past run to repeat; send msg.payload.payDate', 'MLC_SCHEDULE_NO_RUN');
      // Reuse the incoming message, as Node-RED nodes do, so properties a flow set on it travel on.
      send(Object.assign(msg, messageFor(run, 'manual')));
      done();
    });

    onClose(node, () => {
      timer?.stop();
      if (deployFire) clearTimeout(deployFire);
      status.clear();
    });
  }

  RED.nodes.registerType('mlc-schedule', MlcScheduleNode as unknown as (this: Node, def: NodeDef) => void);

  // The editor's button, as an inject node's: runs the deployed node now (optionally for a pay date).
  RED.httpAdmin.post('/mlc-schedule/:id/trigger', RED.auth.needsPermission('mlc-schedule.write'), jsonOnly, (req, res) => {
    const target = RED.nodes.getNode(String(req.params.id));
    if (!target || target.type !== 'mlc-schedule') {
      res.sendStatus(404);
      return;
    }
    const body: unknown = req.body;
    const payDate = body && typeof body === 'object' && 'payDate' in body ? body.payDate : undefined;
    target.receive({ payload: payDate === undefined ? {} : { payDate } });
    res.sendStatus(200);
  });

  // The editor's preview of the next runs, computed by the same code the node runs.
  RED.httpAdmin.post('/mlc-schedule/preview', RED.auth.needsPermission('mlc-schedule.read'), jsonOnly, (req, res) => {
    const answer = answerPreview(req.body, new Date());
    res.status(answer.status).json(answer.body);
  });
  RED.httpAdmin.get('/mlc-schedule/preview', RED.auth.needsPermission('mlc-schedule.read'), (req, res) => {
    const answer = answerPreview(req.query, new Date());
    res.status(answer.status).json(answer.body);
  });
};

/** "Also fire once on deploy": repeats the latest scheduled run, so a run missed while down is caught up. */
function fireOnDeploy(node: Node, spec: ScheduleSpec, messageFor: (run: ScheduledRun, trigger: TriggerKind) => ScheduleMessage): void {
  try {
    const run = lastRun(spec, new Date());
    if (run) node.send(messageFor(run, 'manual'));
    else node.warn('nothing to fire on deploy: the schedule has no past run');
  } catch (err) {
    node.error(`fire on deploy failed: ${toError(err).message}`);
  }
}
