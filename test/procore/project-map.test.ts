// The project and cost-code map on its own: the table's rows, the match rules, the whole-table check
// against what Procore holds, and one record resolved (or refused, naming every unknown line).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkMap, DEFAULT_MAP_FIELDS, parseMapRows, ProcoreCatalog, ProjectMap, ProjectMapError, resolveRecord, type CatalogSource } from '../../lib/procore/project-map';

function source(): CatalogSource & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    projects: async () => {
      calls.push('projects');
      return [
        { id: '101', name: 'Harbor Tower', project_number: 'HT-01' },
        { id: '102', name: 'Mill Street Lofts', project_number: 'MS-02' },
      ];
    },
    lineItemTypes: async () => {
      calls.push('types');
      return [
        { id: '7', code: 'M', name: 'Materials' },
        { id: '8', code: 'L', name: 'Labor' },
      ];
    },
    costCodes: async (projectId: string) => {
      calls.push(`codes:${projectId}`);
      const base = projectId === '101' ? 1000 : 2000;
      const codes = [
        { id: String(base + 1), code: '100', full_code: '03-100', name: 'Concrete' },
        { id: String(base + 2), code: '200', full_code: '05-200', name: 'Steel' },
      ];
      return projectId === '101' ? [...codes, { id: String(base + 3), code: '300', full_code: '09-300', name: 'Finishes' }] : codes;
    },
  };
}

const rows = parseMapRows(
  [
    { kind: 'project', odoo: 'CC-HARBOR', project: 'HT-01' },
    { kind: 'project', odoo: 'CC-MILL', project: 102 },
    { kind: 'account', odoo: '600100', costCode: '03-100', lineItemType: 'M' },
    { kind: 'account', odoo: '600200', costCode: '200', lineItemType: 'Labor' },
    { kind: 'category', odoo: 'Finishes', costCode: '09-300' },
  ],
  'test',
);

describe('procore project map', () => {
  it('validates rows and refuses duplicates', () => {
    assert.equal(rows.length, 5);
    assert.throws(() => parseMapRows([{ kind: 'project', odoo: 'X' }], 'msg.payload'), /row 1: a project row needs the Procore project/);
    assert.throws(() => parseMapRows([{ kind: 'account', odoo: '', costCode: '1' }], 'msg.payload'), /row 1: odoo must not be empty/);
    assert.throws(() => parseMapRows({}, 'msg.payload'), (err: unknown) => err instanceof ProjectMapError && err.code === 'MLC_PROCORE_MAP_BAD_TABLE');
    assert.throws(
      () => new ProjectMap(parseMapRows([{ kind: 'project', odoo: 'A', project: '1' }, { kind: 'project', odoo: ' a ', project: '2' }], 't')),
      (err: unknown) => err instanceof ProjectMapError && err.code === 'MLC_PROCORE_MAP_DUPLICATE_ROW',
    );
  });

  it('resolves a record: project by number or id, cost codes by full code or code within the project, types by code or name', async () => {
    const map = new ProjectMap(rows);
    const src = source();
    const catalog = new ProcoreCatalog(src);
    const record = {
      analytic: [9, 'CC-HARBOR'],
      name: 'P00042',
      line_items: [
        { account: '600100', amount: '10.00' },
        { account: '600200', amount: '5.00' },
        { account: '699999', category: 'All / Saleable / Finishes', amount: '1.00' },
      ],
    };
    const resolved = await resolveRecord(map, catalog, record, DEFAULT_MAP_FIELDS);
    assert.equal(resolved.record['project_id'], '101');
    assert.deepEqual(
      (resolved.record['line_items'] as Array<Record<string, unknown>>).map((l) => [l['cost_code_id'], l['line_item_type_id']]),
      [['1001', '7'], ['1002', '8'], ['1003', undefined]],
    );
    assert.equal((record.line_items[0] as Record<string, unknown>)['cost_code_id'], undefined, 'the input record is not changed');
    // The second record of the same project reads nothing more from Procore.
    await resolveRecord(map, catalog, { analytic: 'cc-harbor', line_items: [{ account: '600100' }] }, DEFAULT_MAP_FIELDS);
    assert.deepEqual(src.calls, ['projects', 'codes:101', 'types']);
    const mill = await resolveRecord(map, catalog, { analytic: 'CC-MILL', line_items: [{ account: '600100' }] }, DEFAULT_MAP_FIELDS);
    assert.deepEqual(mill.lines.map((l) => l.costCodeId), ['2001'], 'the same code, the other project’s id');
  });

  it('refuses an unmapped or unknown project, and names every unknown line', async () => {
    const map = new ProjectMap([...rows, ...parseMapRows([{ kind: 'project', odoo: 'CC-GONE', project: 'ZZ-99' }], 't')]);
    const catalog = new ProcoreCatalog(source());
    await assert.rejects(resolveRecord(map, catalog, { analytic: 'CC-NEW' }, DEFAULT_MAP_FIELDS), (err: unknown) => err instanceof ProjectMapError && err.code === 'MLC_PROCORE_MAP_UNMAPPED_PROJECT' && /CC-NEW/.test(err.message));
    await assert.rejects(resolveRecord(map, catalog, { analytic: 'CC-GONE' }, DEFAULT_MAP_FIELDS), (err: unknown) => err instanceof ProjectMapError && err.code === 'MLC_PROCORE_MAP_UNKNOWN_PROJECT');
    await assert.rejects(resolveRecord(map, catalog, { name: 'no analytic' }, DEFAULT_MAP_FIELDS), (err: unknown) => err instanceof ProjectMapError && err.code === 'MLC_PROCORE_MAP_NO_PROJECT');
    await assert.rejects(
      resolveRecord(map, catalog, { analytic: 'CC-MILL', line_items: [{ account: '600100' }, { category: 'Finishes' }, { account: '123' }] }, DEFAULT_MAP_FIELDS),
      (err: unknown) =>
        err instanceof ProjectMapError && err.code === 'MLC_PROCORE_MAP_UNKNOWN_COST_CODE' && /line 2 .*"09-300" is not in Procore project 102/.test(err.message) && /line 3 \(account "123"\) has no cost code row/.test(err.message),
    );
  });

  it('a * row catches lines no other row matches', async () => {
    const map = new ProjectMap(parseMapRows([{ kind: 'project', odoo: 'A', project: '101' }, { kind: 'account', odoo: '*', costCode: '05-200' }], 't'));
    const out = await resolveRecord(map, new ProcoreCatalog(source()), { analytic: 'A', line_items: [{ account: '1' }] }, DEFAULT_MAP_FIELDS);
    assert.equal(out.lines[0]?.costCodeId, '1002');
  });

  it('checks the whole table against Procore once', async () => {
    const map = new ProjectMap([...rows, ...parseMapRows([{ kind: 'project', odoo: 'CC-GONE', project: 'ZZ-99' }, { kind: 'account', odoo: '7', costCode: '01-001', lineItemType: 'Q' }], 't')]);
    const check = await checkMap(map, new ProcoreCatalog(source()));
    assert.equal(check.projects, 2);
    const messages = check.problems.map((p) => p.message);
    assert.ok(messages.some((m) => /CC-GONE.*"ZZ-99": no such project/.test(m)));
    assert.ok(messages.some((m) => /line item type "Q"/.test(m)));
    assert.ok(messages.some((m) => /"09-300": not in project 102/.test(m)));
    assert.equal(messages.filter((m) => /"01-001"/.test(m)).length, 2, 'in each mapped project');
  });

  it('a failed catalog read is forgotten, so the next record tries again', async () => {
    let fail = true;
    const catalog = new ProcoreCatalog({ ...source(), projects: async () => { if (fail) throw new Error('503'); return [{ id: '101', name: 'x' }]; } });
    await assert.rejects(catalog.projects(), /503/);
    fail = false;
    assert.equal((await catalog.projects()).length, 1);
  });
});
