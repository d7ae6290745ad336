// Which failed records a replay request means: from msg.payload, or the node's own default.
import { z } from 'zod';
import type { RecordFilter } from '../../lib/store/types';

export const ReplayRequestSchema = z
  .object({
    key: z.string().min(1).optional(),
    keyPrefix: z.string().min(1).optional(),
    runId: z.string().min(1).optional(),
    /** Records of this flow (tab id). */
    flow: z.string().min(1).optional(),
    status: z.enum(['failed', 'parked']).optional(),
    limit: z.number().int().positive().optional(),
  })
  .strict();
export type ReplayRequest = z.infer<typeof ReplayRequestSchema>;

export function replayFilterOf(payload: unknown, defaults: ReplayRequest): ReplayRequest {
  const candidate = payload && typeof payload === 'object' && !Array.isArray(payload) ? payload : {};
  const parsed = ReplayRequestSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`mlc-replay: msg.payload${issue?.path.length ? '.' + issue.path.join('.') : ''}: ${issue?.message ?? 'invalid'}`);
  }
  return { ...defaults, ...parsed.data };
}

export function toRecordFilter(request: ReplayRequest): RecordFilter {
  return {
    status: request.status ?? 'failed',
    ...(request.key ? { key: request.key } : {}),
    ...(request.keyPrefix ? { keyPrefix: request.keyPrefix } : {}),
    ...(request.runId ? { runId: request.runId } : {}),
    ...(request.flow ? { flow: request.flow } : {}),
  };
}

/** What a replay did, for the admin route (the sidebar) and the summary. */
export interface ReplayResult {
  replayed: number;
  filter: ReplayRequest;
  node: { id: string; name: string; flow: string | null };
  error?: string;
}
