// The encoded-query builder: ServiceNow's own syntax out of parts, and no value that could add,
// end or change a clause getting through (a `^` in a value, `javascript:`, list and range separators).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRawQuery, encodeCondition, encodeQuery, EncodedQueryError } from '../../lib/servicenow/encoded-query';

describe('encoded queries from parts', () => {
  it('joins AND with ^, alternatives with ^OR, groups with ^NQ and appends ORDERBY / ORDERBYDESC', () => {
    const q = encodeQuery({
      where: [
        { field: 'active', op: '=', value: true },
        [
          { field: 'state', op: 'IN', values: [1, 2, 3] },
          { field: 'priority', op: '<=', value: 2 },
        ],
        { field: 'company.name', op: 'STARTSWITH', value: 'Acme' },
      ],
      orGroups: [[{ field: 'assigned_to', op: 'ISEMPTY' }]],
      orderBy: [{ field: 'sys_updated_on' }, { field: 'sys_id', descending: true }],
    });
    assert.equal(q, 'active=true^stateIN1,2,3^ORpriority<=2^company.nameSTARTSWITHAcme^NQassigned_toISEMPTY^ORDERBYsys_updated_on^ORDERBYDESCsys_id');
  });

  it('writes dates as GMT "YYYY-MM-DD HH:MM:SS" and ranges with @', () => {
    assert.equal(encodeCondition({ field: 'sys_updated_on', op: '>=', value: new Date(Date.UTC(2025, 0, 31, 23, 0, 5)) }), 'sys_updated_on>=2025-01-31 23:00:05');
    assert.equal(encodeCondition({ field: 'amount', op: 'BETWEEN', from: 10, to: 20 }), 'amountBETWEEN10@20');
    assert.equal(encodeQuery({ orderBy: [{ field: 'number' }] }), 'ORDERBYnumber');
    assert.equal(encodeQuery({}), '');
  });

  const refused: Array<[string, () => string, RegExp]> = [
    ['a ^ that would add a clause', () => encodeCondition({ field: 'name', op: '=', value: 'x^active=false' }), /may not contain "\^"/],
    ['a ^NQ that would start a new query', () => encodeCondition({ field: 'name', op: 'LIKE', value: 'a^NQsys_idISNOTEMPTY' }), /"\^"/],
    ['a ^OR alternative', () => encodeQuery({ where: [{ field: 'code', op: '=', value: 'CC-1^ORcodeISNOTEMPTY' }] }), /"\^"/],
    ['an ^ORDERBY tail', () => encodeCondition({ field: 'code', op: 'STARTSWITH', value: 'A^ORDERBYDESCsalary' }), /"\^"/],
    ['a javascript: value ServiceNow would run', () => encodeCondition({ field: 'sys_updated_on', op: '>=', value: ' JavaScript:gs.getUser()' }), /javascript:/],
    ['a line break', () => encodeCondition({ field: 'name', op: '=', value: 'a\nb' }), /line break/],
    ['a comma inside an IN item (a second item)', () => encodeCondition({ field: 'state', op: 'IN', values: ['1,7'] }), /may not contain ","/],
    ['an @ inside a BETWEEN bound', () => encodeCondition({ field: 'n', op: 'BETWEEN', from: '1@5', to: '9' }), /may not contain "@"/],
    ['a field name carrying a condition', () => encodeCondition({ field: 'active=true^name', op: '=', value: 'x' }), /not a column name/],
    ['an ORDERBY field carrying a clause', () => encodeQuery({ orderBy: [{ field: 'name^active=false' }] }), /not a column name/],
    ['an operator the builder does not know', () => encodeCondition({ field: 'name', op: '=^active=false' as '=', value: 'x' }), /not an operator/],
    ['an empty IN list', () => encodeCondition({ field: 'state', op: 'IN', values: [] }), /at least one value/],
    ['a number that is not one', () => encodeCondition({ field: 'n', op: '>', value: Number.NaN }), /not a value/],
  ];
  for (const [what, build, message] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(build, (err: unknown) => err instanceof EncodedQueryError && err.code === 'MLC_SERVICENOW_QUERY' && message.test(err.message));
    });
  }

  it('keeps values that only look unusual: spaces, =, quotes, percent, unicode', () => {
    assert.equal(encodeCondition({ field: 'name', op: '=', value: 'A = B "50%" Müller & Söhne' }), 'name=A = B "50%" Müller & Söhne');
  });

  it('passes a typed query as written, refusing only line breaks', () => {
    assert.equal(checkRawQuery(' active=true^ORDERBYnumber '), 'active=true^ORDERBYnumber');
    assert.throws(() => checkRawQuery('active=true\r\nHost: x'), EncodedQueryError);
  });
});
