// Run ids: readable, sorted by time, and unique per process start and per run, so two instances (or
// two runs of one instance) starting in the same millisecond never share a run record.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { newRunId } from '../../lib/read/run-record';
import { processTag } from '../../lib/store/process-identity';

const SAME_MS = new Date('2026-11-16T08:00:00.000Z');

describe('newRunId', () => {
  it('is prefix, ISO time, process tag and a counter', () => {
    const id = newRunId('ukg-read:employees', SAME_MS);
    assert.match(id, /^ukg-read:employees:2026-11-16T08:00:00\.000Z:[0-9a-f]{8}\.\d+$/);
    assert.ok(id.includes(`:${processTag()}.`), id);
  });

  it('differs for two runs of one process in the same millisecond, and sorts by time', () => {
    const first = newRunId('odoo-read:res.partner', SAME_MS);
    const second = newRunId('odoo-read:res.partner', SAME_MS);
    assert.notEqual(first, second);
    const later = newRunId('odoo-read:res.partner', new Date('2026-11-16T08:00:00.001Z'));
    assert.deepEqual([later, first].sort(), [first, later]);
  });

  it('differs between two process starts in the same millisecond', () => {
    const script = `const { newRunId } = require('./lib/read/run-record'); process.stdout.write(newRunId('ukg-read:gl', new Date('${SAME_MS.toISOString()}')));`;
    const run = () => execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: `${__dirname}/../..`, encoding: 'utf8' });
    const [a, b] = [run(), run()];
    assert.match(a, /^ukg-read:gl:2026-11-16T08:00:00\.000Z:[0-9a-f]{8}\.1$/);
    assert.notEqual(a, b, 'each process start has its own tag');
  });
});
