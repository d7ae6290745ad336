// Control figures from source records: exact cents, lines, dimensions through lookup tables, values
// the tables do not know kept apart, and lines without a dimension.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tablesFromLookups } from '../../lib/mapping/lookup-tables';
import { compileControls, formatCents, journalControls, parseControlSpec, toCents } from '../../lib/reconcile';

describe('toCents', () => {
  it('turns numbers and decimal strings into whole cents, half away from zero', () => {
    assert.equal(toCents(1250.1), 125010);
    assert.equal(toCents(0.1 + 0.2), 30);
    assert.equal(toCents('1234.565'), 123457);
    assert.equal(toCents('-1234.565'), -123457);
    assert.equal(toCents(-0.004), 0);
    assert.equal(toCents('.5'), 50);
    assert.equal(toCents(null), 0);
    assert.equal(toCents(''), 0);
    assert.equal(toCents('12,50'), null);
    assert.equal(toCents('abc'), null);
    assert.equal(toCents(Number.NaN), null);
    assert.equal(toCents({}), null);
  });

  it('formats cents for people', () => {
    assert.equal(formatCents(77_825_617), '778,256.17');
    assert.equal(formatCents(-1005), '-10.05');
    assert.equal(formatCents(7), '0.07');
  });
});

describe('control spec and figures', () => {
  const spec = journalControls({ lines: 'lines', account: 'account', costCenter: 'orgLevel2' });
  const tables = tablesFromLookups({ accounts: { '6100': 61, '2100': 21 }, costCenters: { 'CC-200': 17 } }, 'test');
  const byId = (figures: ReturnType<ReturnType<typeof compileControls>['figuresOf']>) =>
    Object.fromEntries(figures.map((f) => [`${f.dimension}|${f.value}|${f.measure}`, f.quantity]));

  it('sums the lines of a record per dimension value, under the target ids the tables give', () => {
    const record = {
      lines: [
        { account: '6100', debit: 1000.1, credit: 0, orgLevel2: 'CC-200' },
        { account: '6100', debit: '250.05', credit: 0, orgLevel2: 'CC-200' },
        { account: '2100', debit: 0, credit: 1250.15, orgLevel2: null },
      ],
    };
    const figures = compileControls(spec).figuresOf(record, 'k1', tables);
    const f = byId(figures);
    assert.equal(f['run||count'], 1);
    assert.equal(f['record|k1|count'], 1);
    assert.equal(f['record|k1|debit'], 125015);
    assert.equal(f['record|k1|credit'], 125015);
    assert.equal(f['account|61|debit'], 125015);
    assert.equal(f['account|21|credit'], 125015);
    assert.equal(f['cost center|17|debit'], 125015);
    assert.equal(f['cost center||credit'], 125015, 'a line without a cost center counts under none');
    assert.equal(figures.find((x) => x.dimension === 'account' && x.value === '61')?.label, '6100');
  });

  it('keeps a code the table does not know as unmapped, so the run shows off instead of losing it', () => {
    const figures = compileControls(spec).figuresOf({ lines: [{ account: '6100', debit: 5, orgLevel2: 'CC-500' }] }, 'k2', tables);
    assert.equal(byId(figures)['cost center|unmapped:CC-500|debit'], 500);
  });

  it('rejects an amount that is not one, naming the record and line', () => {
    assert.throws(() => compileControls(spec).figuresOf({ lines: [{ account: '6100', debit: 'ten' }] }, 'k3', tables), /k3 line 1: debit is "ten", not an amount/);
  });

  it('checks the setting: empty is none, reserved and repeated names are refused', () => {
    assert.deepEqual(parseControlSpec(''), { ok: true, spec: null });
    assert.equal(parseControlSpec({ amounts: [{ name: 'count', from: 'a', target: 'a' }] }).ok, false);
    assert.equal(parseControlSpec({ amounts: [{ name: 'a', from: 'a', target: 'a' }], dimensions: [{ name: 'a', from: 'b', target: 'b' }] }).ok, false);
    const ok = parseControlSpec({ amounts: [{ name: 'total', from: 'amount_total', target: 'amount_total' }] });
    assert.equal(ok.ok, true);
  });
});
