// What a staged row's transform did, judged the same way whether the answer came at once (a synchronous
// import's `result[]`) or was read later from the staging row (insertMultiple): `inserted`/`updated`
// succeed; `error`, `skipped` and an unexplained `ignored` are failures carrying ServiceNow's words.
import type { ImportResult, ImportRowOutcome } from './records';

/** One transform map's outcome for one staged row. */
export interface StagedRow {
  staging: string;
  status: string;
  transformMap?: string;
  targetTable?: string;
  /** The target record's sys_id (absent when the transform rejected the row). */
  sysId?: string;
  message?: string;
  /** The import set the row went into (the synchronous answer's number, or insertMultiple's sys_id). */
  importSet?: string;
}

export type RowVerdict =
  | { ok: true; created: boolean; unchanged: boolean }
  | { ok: false; code: string; message: string; transient?: true };

export interface JudgeOptions {
  /**
   * `ignored` for a row whose coalesce found a target record (its sys_id is given) means that record
   * already holds every value staged ("No field values changed"): count it as written, unchanged.
   */
  ignoredIsUnchanged: boolean;
}

/** The synchronous answer of `POST /api/now/import/{staging}`: one entry per transform map. */
export function stagedRowsOf(answer: ImportResult, staging: string): StagedRow[] {
  return answer.result.map((r) => {
    const message = [r.error_message, r.status_message].filter((m): m is string => typeof m === 'string' && m.trim() !== '');
    return {
      staging,
      status: r.status,
      importSet: answer.import_set,
      ...(r.transform_map ? { transformMap: r.transform_map } : {}),
      ...(r.table ? { targetTable: r.table } : {}),
      ...(r.sys_id ? { sysId: r.sys_id } : {}),
      ...(message.length > 0 ? { message: [...new Set(message)].join(' — ') } : {}),
    };
  });
}

/** A staging row read back after insertMultiple (it keeps the last transform map's outcome). */
export function stagedRowOf(row: ImportRowOutcome, staging: string, importSet: string): StagedRow {
  return {
    staging,
    status: row.state,
    importSet,
    ...(row.transformMap ? { transformMap: row.transformMap } : {}),
    ...(row.targetTable ? { targetTable: row.targetTable } : {}),
    ...(row.targetSysId ? { sysId: row.targetSysId } : {}),
    ...(row.message ? { message: row.message } : {}),
  };
}

function where(row: StagedRow): string {
  const map = row.transformMap ? `transform map "${row.transformMap}"` : 'the transform';
  return `${map} of ${row.staging}${row.importSet ? ` (import set ${row.importSet})` : ''}`;
}

export function judgeRow(row: StagedRow, options: JudgeOptions): RowVerdict {
  const said = row.message ? `: ${row.message}` : ' without a message';
  switch (row.status) {
    case 'inserted':
    case 'updated':
      if (!row.sysId) return { ok: false, code: 'MLC_SERVICENOW_TRANSFORM_NO_TARGET', message: `${where(row)} says ${row.status} but names no target record` };
      return { ok: true, created: row.status === 'inserted', unchanged: false };
    case 'ignored':
      if (row.sysId && options.ignoredIsUnchanged) return { ok: true, created: false, unchanged: true };
      return {
        ok: false,
        code: 'MLC_SERVICENOW_TRANSFORM_IGNORED',
        message: `${where(row)} ignored the row${said}${row.sysId ? ` (its coalesce found ${row.targetTable ?? 'the target'} ${row.sysId}; the node counts that as a failure)` : ' (no target record: a transform script or an empty coalesce value skipped it)'}`,
      };
    case 'error':
      return { ok: false, code: 'MLC_SERVICENOW_TRANSFORM_ERROR', message: `${where(row)} rejected the row${said}` };
    case 'skipped':
      return { ok: false, code: 'MLC_SERVICENOW_TRANSFORM_SKIPPED', message: `${where(row)} skipped the row${said}` };
    case 'pending':
      return { ok: false, code: 'MLC_SERVICENOW_TRANSFORM_PENDING', message: `${where(row)} has not run yet${row.message ? ` (${row.message})` : ''}`, transient: true };
    default:
      return { ok: false, code: 'MLC_SERVICENOW_TRANSFORM_UNKNOWN', message: `${where(row)} answered "${row.status}"${said}` };
  }
}

/** Every transform map of one row must succeed; the first failure is the row's. */
export function judgeRows(rows: StagedRow[], options: JudgeOptions): RowVerdict {
  if (rows.length === 0) return { ok: false, code: 'MLC_SERVICENOW_TRANSFORM_UNKNOWN', message: 'the import answered no transform result' };
  let created = false;
  let unchanged = true;
  for (const row of rows) {
    const verdict = judgeRow(row, options);
    if (!verdict.ok) return verdict;
    created ||= verdict.created;
    unchanged &&= verdict.unchanged;
  }
  return { ok: true, created, unchanged };
}
