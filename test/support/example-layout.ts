// Where an example flow's nodes sit on the editor's canvas, estimated from their labels as Node-RED
// sizes them: a node is at least 100 px wide, else its label plus icon and port room (57 px), in
// steps of 20 px. The label's width is estimated per character at the editor's 14 px font: narrow
// ones (i, l, t, punctuation, space) 4.5 px, capitals 11, m and w 13, the rest 9: a little more than
// Node-RED measures for every label of the bundled examples (the editor browser test checks that);
// 30 px high, or 15 px per output when it has more than two. x and y are the node's centre. An
// inject, schedule or replay node's button sits 25 px to its left, a debug node's toggle 25 px to
// its right. Used by the layout test and to lay the examples out.

export interface FlowNode {
  id: string;
  type: string;
  name?: string;
  x?: number;
  y?: number;
  wires?: string[][];
  [key: string]: unknown;
}

export interface Box {
  id: string;
  label: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Estimated width of a label in the editor's node font. */
export function labelWidth(label: string): number {
  let px = 0;
  for (const ch of label) {
    if ("iljtfrI.,:;'!|() -".includes(ch)) px += 4.5;
    else if ('mwMW'.includes(ch)) px += 13;
    else if (ch !== ch.toLowerCase()) px += 11;
    else px += 9;
  }
  return px;
}
const BUTTON_PX = 25;
const BUTTON_LEFT = new Set(['inject', 'mlc-schedule', 'mlc-replay']);
const BUTTON_RIGHT = new Set(['debug']);
const FREQUENCY_LABELS: Record<string, string> = { weekly: 'weekly', biweekly: 'bi-weekly', semimonthly: 'semi-monthly', monthly: 'monthly' };

/** The label the editor shows: the node's name, or its type's default label. */
export function labelOf(node: FlowNode): string {
  if (typeof node.name === 'string' && node.name !== '') return node.name;
  switch (node.type) {
    case 'mlc-dedup':
      return 'dedup';
    case 'mlc-audit':
      return 'audit';
    case 'mlc-replay':
      return 'replay';
    case 'mlc-map':
      return 'map';
    case 'mlc-schedule':
      return node['mode'] === 'cron' ? `cron ${String(node['cron'])}` : `${FREQUENCY_LABELS[String(node['frequency'])] ?? 'pay calendar'} payroll`;
    case 'mlc-odoo-read':
      return `odoo read ${String(node['model'] ?? '')}`;
    case 'mlc-odoo-write':
      return `${String(node['operation'] || 'upsert')} ${String(node['model'] || 'odoo')}`;
    case 'debug':
      return 'msg.payload';
    case 'catch':
      return 'catch: all';
    default:
      throw new Error(`${node.id} (${node.type}) has no name: give it one, or teach labelOf its default label`);
  }
}

export function widthOf(node: FlowNode): number {
  return Math.max(100, 20 * Math.ceil((labelWidth(labelOf(node)) + 57) / 20));
}

export function heightOf(node: FlowNode): number {
  return Math.max(30, 15 * (node.wires?.length ?? 0));
}

/** The node's extent on the canvas, its button included. */
export function boxOf(node: FlowNode): Box {
  if (typeof node.x !== 'number' || typeof node.y !== 'number') throw new Error(`${node.id} has no position`);
  const w = widthOf(node);
  const h = heightOf(node);
  return {
    id: node.id,
    label: labelOf(node),
    left: node.x - w / 2 - (BUTTON_LEFT.has(node.type) ? BUTTON_PX : 0),
    right: node.x + w / 2 + (BUTTON_RIGHT.has(node.type) ? BUTTON_PX : 0),
    top: node.y - h / 2,
    bottom: node.y + h / 2,
  };
}

/** The nodes drawn on a tab (config nodes and the tab itself have no position). */
export function placedNodes(flow: FlowNode[]): FlowNode[] {
  return flow.filter((n) => typeof n.x === 'number' && typeof n.y === 'number' && n.type !== 'tab');
}
