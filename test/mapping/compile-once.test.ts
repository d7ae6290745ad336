import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMapping, mapRecords, type MappingSpecInput } from '../../lib/mapping';

describe('compile once, map many', () => {
  it('the compiled mapper does not read the spec again: changing the spec object later has no effect', () => {
    const spec = { rules: [{ op: 'copy', target: 'a', from: 'x' }] } satisfies MappingSpecInput;
    const mapper = compileMapping(spec).prepare(new Map());
    (spec.rules[0] as { from: string }).from = 'y';
    spec.rules.push({ op: 'copy', target: 'b', from: 'x' });
    assert.deepEqual(mapper.mapSync({ x: 1, y: 2 }), { ok: true, value: { a: 1 } });
  });

  it('specs without JSONata map synchronously; mapSync returns a result, not a promise', () => {
    const mapping = compileMapping({ rules: [{ op: 'number', target: 'n', from: 'n' }] });
    assert.equal(mapping.isAsync, false);
    const result = mapping.prepare(new Map()).mapSync({ n: '5' });
    assert.ok(!(result instanceof Promise));
    assert.deepEqual(result, { ok: true, value: { n: 5 } });
  });

  it('JSONata is parsed at compile time: a syntax error never waits for a record', () => {
    assert.throws(() => compileMapping({ rules: [{ op: 'jsonata', target: 'a', expression: '$$$(' }] }), /rule 1 \(target "a"\): expression/);
  });

  it('one prepared mapper serves many records, with results in input order', async () => {
    const mapping = compileMapping({
      rules: [
        { op: 'copy', target: 'i', from: 'i' },
        { op: 'jsonata', target: 'double', expression: 'i * 2' },
      ],
    });
    const records = Array.from({ length: 50 }, (_, i) => ({ i }));
    const results = await mapRecords(mapping.prepare(new Map()), records, { isAsync: true, chunkSize: 7 });
    assert.deepEqual(
      results.map((r) => (r.ok ? r.value.double : null)),
      records.map((r) => r.i * 2),
    );
  });

  it('a large batch yields to the event loop between chunks', async () => {
    const mapper = compileMapping({ rules: [{ op: 'copy', target: 'i', from: 'i' }] }).prepare(new Map());
    const records = Array.from({ length: 100 }, (_, i) => ({ i }));
    let ranDuringBatch = false;
    setImmediate(() => {
      ranDuringBatch = true;
    });
    const pending = mapRecords(mapper, records, { isAsync: false, chunkSize: 10 });
    const results = await pending;
    assert.equal(results.length, 100);
    assert.ok(ranDuringBatch, 'a setImmediate callback queued before the batch ran before it finished');
  });
});
