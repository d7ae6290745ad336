// The decision a dedup node makes for one message, apart from Node-RED so it can be reasoned about
// on its own: which output, and what it adds to msg.mlc.
import type { MlcEnvelope } from '../../lib/envelope';
import type { ClaimResult } from '../../lib/store/types';

export const NEW_OUTPUT = 0;
export const DUPLICATE_OUTPUT = 1;

export interface DedupDecision {
  output: typeof NEW_OUTPUT | typeof DUPLICATE_OUTPUT;
  mlc: MlcEnvelope;
}

export function decide(mlc: MlcEnvelope, result: ClaimResult, owner: string): DedupDecision {
  switch (result.outcome) {
    case 'claimed':
      // The owner travels with the message, so only this claim's outcome (audit) releases it.
      return { output: NEW_OUTPUT, mlc: { ...mlc, attempt: result.attempts, claimedBy: owner } };
    case 'duplicate':
      return {
        output: DUPLICATE_OUTPUT,
        mlc: {
          ...mlc,
          ...(result.target ? { target: result.target } : {}),
          dedup: { outcome: 'duplicate', postedAt: result.record.updatedAt },
        },
      };
    case 'in-progress':
      return { output: DUPLICATE_OUTPUT, mlc: { ...mlc, dedup: { outcome: 'in-progress', claimedBy: result.claimedBy } } };
    case 'parked':
      return { output: DUPLICATE_OUTPUT, mlc: { ...mlc, dedup: { outcome: 'parked' } } };
  }
}

/**
 * A planned record: the same outputs as a claim would give, but a "new" key carries no claim (no
 * owner, no attempt), as nothing was claimed. A past run planned again (msg.mlc.replan) asks what
 * its posted records would become now, so a posted key goes on to the write node too.
 */
export function decidePlanned(mlc: MlcEnvelope, result: ClaimResult): DedupDecision {
  if (result.outcome === 'claimed') return { output: NEW_OUTPUT, mlc: { ...mlc, dedup: { outcome: 'new' } } };
  if (result.outcome === 'duplicate' && mlc['replan'] !== undefined) return { output: NEW_OUTPUT, mlc: { ...mlc, dedup: { outcome: 'duplicate' } } };
  return decide(mlc, result, '');
}
