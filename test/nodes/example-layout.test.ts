// Every example tab fits in 1600 px: each node's extent (its centre x plus half its width, estimated
// from its label as Node-RED sizes it, buttons included) stays within 0..1600, and no two nodes
// overlap or touch (20 px apart side by side, 10 px above each other), so nothing hides behind the
// sidebar of a 1600 px wide editor and every label reads. The editor browser test checks the
// estimate against the widths Node-RED really draws.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { boxOf, placedNodes, type Box, type FlowNode } from '../support/example-layout';
import { PROJECT_ROOT } from '../support/node-red-process';

const WIDTH = 1600;
const SIDE_GAP = 20;
const ROW_GAP = 10;
const EXAMPLES = join(PROJECT_ROOT, 'examples');

function overlapping(boxes: Box[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i] as Box;
      const b = boxes[j] as Box;
      const side = a.left < b.right + SIDE_GAP && b.left < a.right + SIDE_GAP;
      const rows = a.top < b.bottom + ROW_GAP && b.top < a.bottom + ROW_GAP;
      if (side && rows) found.push(`"${a.label}" and "${b.label}"`);
    }
  }
  return found;
}

describe('example tabs fit in 1600 px', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));

  it('finds the examples', () => {
    assert.ok(files.length >= 5, files.join(', '));
  });

  for (const file of files) {
    it(`${file}: every node within 0..${WIDTH} px, none overlapping`, () => {
      const flow = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as FlowNode[];
      const boxes = placedNodes(flow).map(boxOf);
      assert.ok(boxes.length > 3, 'nodes on the tab');
      const outside = boxes.filter((b) => b.left < 0 || b.top < 0 || b.right > WIDTH).map((b) => `"${b.label}" ${b.left}..${b.right}`);
      assert.deepEqual(outside, [], `past the ${WIDTH} px width`);
      assert.deepEqual(overlapping(boxes), [], 'overlapping nodes');
    });
  }

  it('the check sees a node past the edge and two nodes on top of each other', () => {
    const nodes: FlowNode[] = [
      { id: 'a', type: 'debug', name: 'read', x: 1560, y: 100 },
      { id: 'b', type: 'mlc-dedup', x: 400, y: 100 },
      { id: 'c', type: 'mlc-audit', x: 480, y: 110 },
    ];
    const boxes = nodes.map(boxOf);
    assert.ok(boxes.some((b) => b.right > WIDTH));
    assert.deepEqual(overlapping(boxes), ['"dedup" and "audit"']);
    assert.throws(() => boxOf({ id: 'x', type: 'change', x: 10, y: 10 }), /has no name/);
  });
});
