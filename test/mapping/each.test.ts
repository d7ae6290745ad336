// The each rule: a payroll GL entry with lines becomes an Odoo account.move with line_ids create
// commands; a line that cannot be mapped rejects the whole entry, naming the line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMapping, LookupTableError, MappingSpecError, type LookupTables, type MapResult, type MappingSpecInput } from '../../lib/mapping';

const TABLES: LookupTables = new Map([
  ['accounts', new Map<string, unknown>([['6100', 61], ['6200', 62], ['2100', 21], ['2200', 22]])],
  ['costCenters', new Map<string, unknown>([['CC-200', 17], ['CC-300', 18]])],
  ['journals', new Map<string, unknown>([['BW', 7]])],
]);

type Rules = MappingSpecInput['rules'];
type LineRules = Extract<Rules[number], { op: 'each' }>['rules'];

const LINE_RULES: LineRules = [
  { op: 'lookup', target: 'account_id', from: 'baseSegment', table: 'accounts', label: 'account', type: 'integer' },
  { op: 'copy', target: 'name', from: 'description', type: 'string', required: false },
  { op: 'number', target: 'debit', from: 'debitAmt', round: 2, default: 0, type: 'number' },
  { op: 'number', target: 'credit', from: 'creditAmt', round: 2, default: 0, type: 'number' },
  {
    op: 'lookup',
    target: 'analytic_distribution',
    from: 'orgLevel2',
    table: 'costCenters',
    as: 'distribution',
    percent: 100,
    required: false,
    label: 'cost center',
    type: 'object',
  },
  { op: 'date', target: 'date_maturity', from: '$parent.payPeriodEndDate', inputFormat: 'MM/DD/YYYY', type: 'date' },
];

/** The payroll GL → account.move spec of the node help. */
const GL_SPEC: MappingSpecInput = {
  key: 'ukg:gl:{runId}',
  rules: [
    { op: 'copy', target: 'ref', from: 'runId', type: 'string' },
    { op: 'date', target: 'date', from: 'payPeriodEndDate', inputFormat: 'MM/DD/YYYY', type: 'date' },
    { op: 'lookup', target: 'journal_id', from: 'payGroup', table: 'journals', label: 'journal', type: 'integer' },
    { op: 'each', target: 'line_ids', from: 'lines', wrap: 'x2many-create', elementLabel: '{generalLedgerAccount}', label: 'journal lines', rules: LINE_RULES },
  ],
};

interface GlLine {
  baseSegment?: unknown;
  generalLedgerAccount?: unknown;
  description?: unknown;
  debitAmt?: unknown;
  creditAmt?: unknown;
  orgLevel2?: unknown;
}

const line = (base: string, center: string | null, debit: number, credit: number, description: string): GlLine => ({
  baseSegment: base,
  generalLedgerAccount: `${base}-${center ?? 'BR-1'}`,
  description,
  debitAmt: debit,
  creditAmt: credit,
  orgLevel2: center,
});

const LINES: GlLine[] = [
  line('6100', 'CC-200', 1250, 0, 'Salaries'),
  line('6100', 'CC-300', 980.5, 0, 'Salaries'),
  line('6200', 'CC-200', 95.63, 0, 'Employer taxes'),
  line('6200', 'CC-300', 75.01, 0, 'Employer taxes'),
  line('2100', null, 0, 2230.5, 'Net pay'),
  line('2200', null, 0, 170.64, 'Taxes payable'),
];

const entry = (lines: unknown[] = LINES): Record<string, unknown> => ({ runId: 'R-2026-11-15', payPeriodEndDate: '11/15/2026', payGroup: 'BW', lines });

function mapped(result: MapResult): Record<string, unknown> {
  if (!result.ok) assert.fail(`rejected: ${JSON.stringify(result.reasons)}`);
  return result.value;
}

function reasons(result: MapResult): Array<{ field: string; code: string; message: string }> {
  if (result.ok) assert.fail(`mapped: ${JSON.stringify(result.value)}`);
  return result.reasons;
}

function mapOne(spec: MappingSpecInput, record: unknown, tables: LookupTables = TABLES): MapResult {
  return compileMapping(spec).prepare(tables).mapSync(record);
}

function specError(spec: unknown): string {
  try {
    compileMapping(spec);
  } catch (err) {
    assert.ok(err instanceof MappingSpecError, `expected MappingSpecError, got ${String(err)}`);
    return err.message;
  }
  assert.fail('the spec was accepted');
}

describe('each: payroll GL entry → account.move', () => {
  it('maps six lines to line_ids create commands: accounts, distributions, debit/credit, the entry from the parent', () => {
    const mapping = compileMapping(GL_SPEC);
    assert.equal(mapping.isAsync, false, 'no JSONata: the synchronous path');
    const result = mapping.prepare(TABLES).mapSync(entry());
    assert.equal(result.key, 'ukg:gl:R-2026-11-15');
    const due = '2026-11-15';
    assert.deepEqual(mapped(result), {
      ref: 'R-2026-11-15',
      date: '2026-11-15',
      journal_id: 7,
      line_ids: [
        [0, 0, { account_id: 61, name: 'Salaries', debit: 1250, credit: 0, analytic_distribution: { '17': 100 }, date_maturity: due }],
        [0, 0, { account_id: 61, name: 'Salaries', debit: 980.5, credit: 0, analytic_distribution: { '18': 100 }, date_maturity: due }],
        [0, 0, { account_id: 62, name: 'Employer taxes', debit: 95.63, credit: 0, analytic_distribution: { '17': 100 }, date_maturity: due }],
        [0, 0, { account_id: 62, name: 'Employer taxes', debit: 75.01, credit: 0, analytic_distribution: { '18': 100 }, date_maturity: due }],
        [0, 0, { account_id: 21, name: 'Net pay', debit: 0, credit: 2230.5, date_maturity: due }],
        [0, 0, { account_id: 22, name: 'Taxes payable', debit: 0, credit: 170.64, date_maturity: due }],
      ],
    });
  });

  it('wrap "none" (the default) writes the mapped elements themselves', () => {
    const out = mapped(mapOne({ rules: [{ op: 'each', target: 'lines', from: 'lines', rules: [{ op: 'copy', target: 'a', from: 'baseSegment' }] }] }, entry()));
    assert.deepEqual(out.lines, LINES.map((l) => ({ a: l.baseSegment })));
  });

  it('an unknown cost center rejects the whole entry, naming the line by number and label', () => {
    const result = mapOne(GL_SPEC, entry([...LINES, line('6100', 'CC-500', 10, 0, 'Salaries')]));
    assert.deepEqual(reasons(result), [
      {
        field: 'line_ids[6].analytic_distribution',
        code: 'lookup_miss',
        message: 'line 7 (6100-CC-500): cost center "CC-500" not found in table "costCenters"',
      },
    ]);
    assert.equal(result.key, 'ukg:gl:R-2026-11-15', 'the rejection keeps the entry key, for replay');
  });

  it('reports every bad line, and every problem of a line, in line order', () => {
    const lines: unknown[] = [
      line('6100', 'CC-200', 1, 0, 'ok'),
      line('9999', 'CC-999', 1, 0, 'two problems'),
      { ...line('6200', 'CC-300', 0, 0, 'bad amount'), debitAmt: 'ten' },
      'not a line',
      { ...line('2100', null, 0, 1, 'no label field'), generalLedgerAccount: undefined, baseSegment: undefined },
      { ...line('2200', null, 0, 1, 'wrong type'), description: 42 },
    ];
    assert.deepEqual(reasons(mapOne(GL_SPEC, entry(lines))), [
      { field: 'line_ids[1].account_id', code: 'lookup_miss', message: 'line 2 (9999-CC-999): account "9999" not found in table "accounts"' },
      { field: 'line_ids[1].analytic_distribution', code: 'lookup_miss', message: 'line 2 (9999-CC-999): cost center "CC-999" not found in table "costCenters"' },
      { field: 'line_ids[2].debit', code: 'invalid_number', message: 'line 3 (6200-CC-300): field "debit": "ten" is not a valid number (decimal separator ".")' },
      { field: 'line_ids[3]', code: 'not_an_object', message: 'line 4: the element must be an object, got "not a line"' },
      { field: 'line_ids[4].account_id', code: 'missing', message: 'line 5: account is missing (source "baseSegment")' },
      { field: 'line_ids[5].name', code: 'wrong_type', message: 'line 6 (2200-BR-1): field "name" must be a string, got 42' },
    ]);
  });

  it('top-level problems and line problems are reported together; no "line_ids is required" echo', () => {
    const result = mapOne(GL_SPEC, { ...entry([line('6100', 'CC-999', 1, 0, 'x')]), payGroup: 'XX' });
    assert.deepEqual(
      reasons(result).map((r) => r.field),
      ['journal_id', 'line_ids[0].analytic_distribution'],
    );
  });
});

describe('each: absent vs unknown', () => {
  const rules = (required: boolean): Rules => [
    {
      op: 'each',
      target: 'line_ids',
      from: 'lines',
      rules: [{ op: 'lookup', target: 'analytic_distribution', from: 'orgLevel2', table: 'costCenters', as: 'distribution', required, label: 'cost center' }],
    },
  ];

  it('required: false: a missing cost center (absent, null, "") leaves the distribution out; an unknown one rejects', () => {
    const out = mapped(mapOne({ rules: rules(false) }, { lines: [{}, { orgLevel2: null }, { orgLevel2: '' }, { orgLevel2: 'CC-200' }] }));
    assert.deepEqual(out.line_ids, [{}, {}, {}, { analytic_distribution: { '17': 100 } }]);
    assert.deepEqual(reasons(mapOne({ rules: rules(false) }, { lines: [{ orgLevel2: null }, { orgLevel2: 'CC-999' }] })), [
      { field: 'line_ids[1].analytic_distribution', code: 'lookup_miss', message: 'line 2: cost center "CC-999" not found in table "costCenters"' },
    ]);
  });

  it('required (the default for a lookup): a missing cost center rejects too', () => {
    assert.deepEqual(reasons(mapOne({ rules: rules(true) }, { lines: [{ orgLevel2: null }] })), [
      { field: 'line_ids[0].analytic_distribution', code: 'missing', message: 'line 1: cost center is missing (source "orgLevel2")' },
    ]);
  });

  it('the source list itself: missing is a rejection (or the default); not a list is a rejection; empty maps to []', () => {
    const spec: MappingSpecInput = { rules: [{ op: 'each', target: 'line_ids', from: 'lines', label: 'journal lines', rules: [{ op: 'copy', target: 'a', from: 'a' }] }] };
    assert.deepEqual(reasons(mapOne(spec, {})), [{ field: 'line_ids', code: 'missing', message: 'journal lines is missing (source "lines")' }]);
    assert.deepEqual(reasons(mapOne(spec, { lines: { a: 1 } })), [
      { field: 'line_ids', code: 'wrong_type', message: 'journal lines {"a":1} is not a list (an each rule maps an array)' },
    ]);
    assert.deepEqual(mapped(mapOne(spec, { lines: [] })), { line_ids: [] });
    const optional: MappingSpecInput = { rules: [{ op: 'each', target: 'line_ids', from: 'lines', required: false, rules: [{ op: 'copy', target: 'a', from: 'a' }] }] };
    assert.deepEqual(mapped(mapOne(optional, {})), {});
    const withDefault: MappingSpecInput = { rules: [{ op: 'each', target: 'line_ids', from: 'lines', default: [], rules: [{ op: 'copy', target: 'a', from: 'a' }] }] };
    assert.deepEqual(mapped(mapOne(withDefault, { lines: null })), { line_ids: [] });
  });
});

describe('each: distributions', () => {
  const distribution = (extra: Record<string, unknown>): MappingSpecInput => ({
    rules: [
      {
        op: 'each',
        target: 'l',
        from: 'lines',
        rules: [{ op: 'lookup', target: 'd', from: 'cc', table: 'costCenters', as: 'distribution', ...extra } as LineRules[number]],
      },
    ],
  });

  it('writes { "<found id>": percent }, 100 unless told', () => {
    assert.deepEqual(mapped(mapOne(distribution({}), { lines: [{ cc: 'CC-300' }] })).l, [{ d: { '18': 100 } }]);
    assert.deepEqual(mapped(mapOne(distribution({ percent: 50 }), { lines: [{ cc: 'CC-300' }] })).l, [{ d: { '18': 50 } }]);
  });

  it('passThrough uses the source value as the id; a default is written as given', () => {
    assert.deepEqual(mapped(mapOne(distribution({ onMiss: 'passThrough' }), { lines: [{ cc: 42 }] })).l, [{ d: { '42': 100 } }]);
    assert.deepEqual(mapped(mapOne(distribution({ onMiss: 'default', default: { '99': 100 } }), { lines: [{ cc: 'nope' }] })).l, [{ d: { '99': 100 } }]);
  });

  it('a table value that cannot be an id rejects, naming the cost center and what was found', () => {
    const tables: LookupTables = new Map([['costCenters', new Map<string, unknown>([['CC-1', { id: 1 }]])]]);
    assert.deepEqual(reasons(mapOne(distribution({ label: 'cost center' }), { lines: [{ cc: 'CC-1' }] }, tables)), [
      { field: 'l[0].d', code: 'wrong_type', message: 'line 1: cost center "CC-1" found {"id":1} in table "costCenters", which is not an id for a distribution' },
    ]);
  });

  it('works at the top level too', () => {
    const spec: MappingSpecInput = { rules: [{ op: 'lookup', target: 'd', from: 'cc', table: 'costCenters', as: 'distribution' }] };
    assert.deepEqual(mapped(mapOne(spec, { cc: 'CC-200' })), { d: { '17': 100 } });
  });
});

describe('each: JSONata and the parent record', () => {
  it('nested JSONata sees the element, $parent and $lookup; the mapping becomes asynchronous', async () => {
    const mapping = compileMapping({
      rules: [
        {
          op: 'each',
          target: 'line_ids',
          from: 'lines',
          wrap: 'x2many-create',
          rules: [
            { op: 'jsonata', target: 'name', expression: 'description & " / " & $parent.runId', type: 'string' },
            { op: 'jsonata', target: 'analytic_distribution', expression: 'orgLevel2 ? { $string($lookup("costCenters", orgLevel2)): 100 }' },
            { op: 'copy', target: 'debit', from: 'debitAmt' },
          ],
        },
      ],
    });
    assert.equal(mapping.isAsync, true);
    assert.throws(() => mapping.prepare(TABLES).mapSync(entry()), /use map\(\)/);
    const out = mapped(await mapping.prepare(TABLES).map(entry(LINES.slice(0, 1).concat(LINES.slice(4, 5)))));
    // JSONata builds objects without a prototype; compare them as the JSON they are sent as.
    assert.deepEqual(JSON.parse(JSON.stringify(out.line_ids)), [
      [0, 0, { name: 'Salaries / R-2026-11-15', analytic_distribution: { '17': 100 }, debit: 1250 }],
      [0, 0, { name: 'Net pay / R-2026-11-15', debit: 0 }],
    ]);
  });

  it('a nested JSONata error rejects the entry, naming the line; sync rules of other lines are reported too', async () => {
    const mapping = compileMapping({
      rules: [
        {
          op: 'each',
          target: 'line_ids',
          from: 'lines',
          elementLabel: '{generalLedgerAccount}',
          rules: [
            { op: 'jsonata', target: 'name', expression: '$lookup("noSuchTable", orgLevel2)' },
            { op: 'lookup', target: 'account_id', from: 'baseSegment', table: 'accounts' },
          ],
        },
      ],
    });
    const got = reasons(await mapping.prepare(TABLES).map(entry([LINES[0], { ...LINES[1], baseSegment: '0000' }])));
    assert.deepEqual(
      got.map((r) => [r.field, r.code]),
      [
        ['line_ids[0].name', 'expression_error'],
        ['line_ids[1].name', 'expression_error'],
        ['line_ids[1].account_id', 'lookup_miss'],
      ],
    );
    assert.match(got[0]?.message ?? '', /^line 1 \(6100-CC-200\): field "name": the expression failed: \$lookup: no lookup table "noSuchTable"/);
  });

  it('$parent. in a from path reads the entry; in an element label too', () => {
    const spec: MappingSpecInput = {
      rules: [
        {
          op: 'each',
          target: 'l',
          from: 'lines',
          elementLabel: '{$parent.runId}/{generalLedgerAccount}',
          rules: [
            { op: 'copy', target: 'ref', from: '$parent.runId' },
            { op: 'copy', target: 'nested', from: '$parent.meta.company' },
            { op: 'copy', target: 'missing', from: '$parent.nothing' },
          ],
        },
      ],
    };
    const record = { ...entry([LINES[0]]), meta: { company: 'ACME' } };
    assert.deepEqual(reasons(mapOne(spec, record)), [
      { field: 'l[0].missing', code: 'missing', message: 'line 1 (R-2026-11-15/6100-CC-200): field "missing" is missing (source "$parent.nothing")' },
    ]);
    assert.deepEqual(mapped(mapOne(spec, { ...record, nothing: 'here' })).l, [{ ref: 'R-2026-11-15', nested: 'ACME', missing: 'here' }]);
  });

  it('an element label with no value for any placeholder is left out; a partial one shows "?"', () => {
    const spec: MappingSpecInput = {
      rules: [{ op: 'each', target: 'l', from: 'lines', elementLabel: '{account}-{cc}', rules: [{ op: 'copy', target: 'x', from: 'x' }] }],
    };
    assert.deepEqual(
      reasons(mapOne(spec, { lines: [{}, { account: '6100' }] })).map((r) => r.message),
      ['line 1: field "x" is missing (source "x")', 'line 2 (6100-?): field "x" is missing (source "x")'],
    );
  });

  it('keep mode keeps the entry\'s fields next to the mapped lines', () => {
    const out = mapped(mapOne({ keep: true, rules: [{ op: 'each', target: 'line_ids', from: 'lines', rules: [{ op: 'copy', target: 'a', from: 'baseSegment' }] }] }, entry([LINES[0]])));
    assert.deepEqual(out, { ...entry([LINES[0]]), line_ids: [{ a: '6100' }] });
  });
});

describe('each: spec validation and tables', () => {
  it('an error in a nested rule names the path: rule 3 → nested rule 2', () => {
    const rules: unknown[] = [
      { op: 'copy', target: 'ref', from: 'runId' },
      { op: 'copy', target: 'date', from: 'payDate' },
      { op: 'each', target: 'line_ids', from: 'lines', rules: [{ op: 'copy', target: 'name', from: 'description' }, { op: 'lookup', target: 'account_id', from: 'baseSegment' }] },
    ];
    assert.match(specError({ rules }), /^invalid mapping spec: rule 3 \(target "line_ids"\) → nested rule 2 \(target "account_id"\): table is required$/);
  });

  it('nested option checks, clashes, unknown ops and JSONata syntax errors name the nested rule', () => {
    const each = (nested: unknown[], extra: Record<string, unknown> = {}): unknown => ({ rules: [{ op: 'each', target: 'l', from: 'lines', rules: nested, ...extra }] });
    assert.match(specError(each([{ op: 'number', target: 'x', from: 'y', decimal: ',', thousands: ',' }])), /rule 1 \(target "l"\) → nested rule 1 \(target "x"\): thousands: the thousands separator must differ/);
    assert.match(
      specError(each([{ op: 'copy', target: 'a', from: 'a' }, { op: 'copy', target: 'a.b', from: 'b' }])),
      /rule 1 \(target "l"\) → nested rule 2 \(target "a.b"\): target: clashes with target "a" of nested rule 1/,
    );
    assert.match(specError(each([{ op: 'moveit', target: 'x' }])), /→ nested rule 1 \(target "x"\): op "moveit" is not one of copy, rename, constant, jsonata, date, number, lookup$/);
    assert.match(specError(each([{ op: 'jsonata', target: 'memo', expression: 'a & (' }])), /^invalid mapping spec: rule 1 \(target "l"\) → nested rule 1 \(target "memo"\): expression: /);
    assert.match(specError(each([{ op: 'lookup', target: 'd', from: 'cc', table: 't', percent: 50 }])), /nested rule 1 \(target "d"\): percent: percent is only used with as "distribution"/);
    assert.match(specError(each([{ op: 'lookup', target: 'd', from: 'cc', table: 't', as: 'distribution', percent: 0 }])), /percent: must be more than 0/);
    assert.match(specError(each([])), /rule 1 \(target "l"\): rules: an each rule needs at least one nested rule/);
    assert.match(specError(each([{ op: 'copy', target: 'a', from: 'a' }], { wrap: 'x2many' })), /rule 1 \(target "l"\): wrap: /);
    assert.match(specError(each([{ op: 'copy', target: 'a', from: 'a' }], { type: 'string' })), /rule 1 \(target "l"\): type: /);
    assert.match(specError(each([{ op: 'copy', target: 'a', from: 'a' }], { elementLabel: '{line' })), /rule 1 \(target "l"\): elementLabel: element label "\{line": unmatched "\{"/);
    assert.match(specError(each([{ op: 'copy', target: 'a', from: 'a' }], { elementLabel: 'line' })), /elementLabel: element label "line" must contain a \{field\}/);
  });

  it('refuses an each rule inside an each rule, and $parent. outside one', () => {
    const inner = { op: 'each', target: 'sub', from: 'subs', rules: [{ op: 'copy', target: 'a', from: 'a' }] };
    assert.match(specError({ rules: [{ op: 'each', target: 'l', from: 'lines', rules: [inner] }] }), /rule 1 \(target "l"\) → nested rule 1 \(target "sub"\): an each rule cannot contain another each rule/);
    assert.match(specError({ rules: [{ op: 'copy', target: 'a', from: '$parent.ref' }] }), /rule 1 \(target "a"\): from: "\$parent\." reads the record around an element: only rules inside an each rule can use it/);
  });

  it('tables read only by nested lookups are part of tableNames and must be loaded at prepare', () => {
    const mapping = compileMapping(GL_SPEC);
    assert.deepEqual([...mapping.tableNames].sort(), ['accounts', 'costCenters', 'journals']);
    const partial: LookupTables = new Map([...TABLES].filter(([name]) => name !== 'costCenters'));
    assert.throws(() => mapping.prepare(partial), (err: unknown) => {
      assert.ok(err instanceof LookupTableError);
      assert.match(err.message, /lookup table "costCenters" is not loaded \(known tables: accounts, journals\)/);
      return true;
    });
  });

  it('compiles once: changing the nested rules of the spec object later has no effect', () => {
    const spec = { rules: [{ op: 'each' as const, target: 'l', from: 'lines', rules: [{ op: 'copy' as const, target: 'a', from: 'x' }] }] };
    const mapper = compileMapping(spec).prepare(new Map());
    (spec.rules[0]?.rules[0] as { from: string }).from = 'y';
    assert.deepEqual(mapper.mapSync({ lines: [{ x: 1, y: 2 }] }), { ok: true, value: { l: [{ a: 1 }] } });
  });
});
