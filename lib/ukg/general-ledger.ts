import type { UkgClient } from './client';
import { glLineSchema, parseRecords, type GlLine } from './records';

export interface GlBlock {
  runId: string;
  blockId: number;
  totalBlocks: number;
  lines: GlLine[];
}

export type GlRunChoice = { runId: string } | { mostRecent: true };

/**
 * The payroll GL of one run, block by block (`GET /payroll/v2/general-ledger?runId&blockId`; large runs
 * come split into blocks with totalNrOfBlocks on every row). The most recent run is found with
 * `mostRecent=true`, whose rows name the run. Payroll GL is read-only in UKG.
 */
export async function* readGlRun(client: UkgClient, choice: GlRunChoice, signal?: AbortSignal): AsyncGenerator<GlBlock> {
  let runId = 'runId' in choice ? choice.runId : undefined;
  let totalBlocks = 1;
  for (let blockId = 1; blockId <= totalBlocks; blockId++) {
    const query: Record<string, string | number | boolean> = runId !== undefined ? { runId, blockId } : { mostRecent: true, blockId };
    const lines: GlLine[] = [];
    for await (const rows of client.pages<unknown>('/payroll/v2/general-ledger', query, signal ? { signal } : {})) {
      lines.push(...parseRecords(glLineSchema, rows, 'general-ledger line'));
    }
    if (lines.length === 0) {
      if (blockId === 1) throw new GlRunNotFoundError(runId === undefined ? 'ukg: there is no closed payroll GL run yet' : `ukg: payroll GL run ${runId} has no lines (unknown run id?)`);
      throw new GlRunNotFoundError(`ukg: payroll GL run ${runId ?? ''} block ${blockId} of ${totalBlocks} is empty`);
    }
    const first = lines[0];
    runId ??= first?.runId;
    totalBlocks = Math.max(totalBlocks, first?.totalNrOfBlocks ?? 1);
    yield { runId: runId ?? '', blockId, totalBlocks, lines };
  }
}

export class GlRunNotFoundError extends Error {
  readonly code = 'MLC_UKG_GL_NOT_FOUND';
}
