// How a staged row's transform outcome is judged: written only for inserted/updated with a target, an
// `ignored` row written (unchanged) only when the node allows it and the coalesce named the record it
// found, every other status a failure that carries ServiceNow's words; a row with several transform
// maps is written only when every map succeeded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeRow, judgeRows, stagedRowsOf, type StagedRow } from '../../lib/servicenow/import-outcome';

const row = (status: string, extra: Partial<StagedRow> = {}): StagedRow => ({ staging: 'sn_fcms_intg_imp_supplier', status, transformMap: 'ERP Supplier to Supplier', importSet: 'ISET0001001', ...extra });
const lenient = { ignoredIsUnchanged: true };
const strict = { ignoredIsUnchanged: false };

describe('judging a transform result', () => {
  it('writes inserted and updated rows that name their target, and refuses one that names none', () => {
    assert.deepEqual(judgeRow(row('inserted', { sysId: 'a1' }), strict), { ok: true, created: true, unchanged: false });
    assert.deepEqual(judgeRow(row('updated', { sysId: 'a1' }), strict), { ok: true, created: false, unchanged: false });
    const none = judgeRow(row('inserted'), strict);
    assert.equal(none.ok, false);
    assert.equal(!none.ok && none.code, 'MLC_SERVICENOW_TRANSFORM_NO_TARGET');
  });

  it('counts an ignored row as unchanged only when allowed and the coalesce found its record; otherwise a failure that says why', () => {
    assert.deepEqual(judgeRow(row('ignored', { sysId: 'a1', message: 'No field values changed' }), lenient), { ok: true, created: false, unchanged: true });
    const refused = judgeRow(row('ignored', { sysId: 'a1', targetTable: 'sn_fin_supplier', message: 'No field values changed' }), strict);
    assert.deepEqual(refused, {
      ok: false,
      code: 'MLC_SERVICENOW_TRANSFORM_IGNORED',
      message: 'transform map "ERP Supplier to Supplier" of sn_fcms_intg_imp_supplier (import set ISET0001001) ignored the row: No field values changed (its coalesce found sn_fin_supplier a1; the node counts that as a failure)',
    });
    const skippedByScript = judgeRow(row('ignored'), lenient);
    assert.equal(!skippedByScript.ok && skippedByScript.code, 'MLC_SERVICENOW_TRANSFORM_IGNORED');
    assert.match(!skippedByScript.ok ? skippedByScript.message : '', /without a message \(no target record/);
  });

  it('fails error, skipped, pending (transient) and unknown statuses with the transform\'s message', () => {
    const error = judgeRow(row('error', { message: "Mandatory field 'Name' (name) is empty" }), lenient);
    assert.equal(!error.ok && error.message, 'transform map "ERP Supplier to Supplier" of sn_fcms_intg_imp_supplier (import set ISET0001001) rejected the row: Mandatory field \'Name\' (name) is empty');
    assert.equal(!judgeRow(row('skipped'), lenient).ok && (judgeRow(row('skipped'), lenient) as { code: string }).code, 'MLC_SERVICENOW_TRANSFORM_SKIPPED');
    assert.deepEqual(judgeRow(row('pending'), lenient), { ok: false, code: 'MLC_SERVICENOW_TRANSFORM_PENDING', message: 'transform map "ERP Supplier to Supplier" of sn_fcms_intg_imp_supplier (import set ISET0001001) has not run yet', transient: true });
    const odd = judgeRow(row('merged'), lenient);
    assert.equal(!odd.ok && odd.code, 'MLC_SERVICENOW_TRANSFORM_UNKNOWN');
  });

  it('writes a row with several transform maps only when every map succeeded, and takes both ServiceNow messages of a rejection', () => {
    const answer = {
      import_set: 'ISET0001002',
      staging_table: 'sn_fcms_intg_imp_supplier',
      result: [
        { transform_map: 'ERP Supplier to Supplier', table: 'sn_fin_supplier', status: 'inserted' as const, sys_id: 'a1' },
        { transform_map: 'ERP Supplier to Contact', table: 'sn_fin_contact', status: 'error' as const, error_message: 'Email is invalid', status_message: 'Row rejected' },
      ],
    };
    const rows = stagedRowsOf(answer, 'sn_fcms_intg_imp_supplier');
    assert.equal(rows[1]?.message, 'Email is invalid — Row rejected');
    const verdict = judgeRows(rows, lenient);
    assert.equal(!verdict.ok && verdict.code, 'MLC_SERVICENOW_TRANSFORM_ERROR');
    assert.match(!verdict.ok ? verdict.message : '', /"ERP Supplier to Contact".*Email is invalid/);
    assert.deepEqual(judgeRows([row('inserted', { sysId: 'a1' }), row('ignored', { sysId: 'b2' })], lenient), { ok: true, created: true, unchanged: false });
    assert.equal(judgeRows([], lenient).ok, false);
  });
});
