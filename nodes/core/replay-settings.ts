// mlc-replay's saved settings, migrated and read in one place. Version 1 made "this flow's failed
// records" the default: before it a replay node re-sent every failed record in the store, other
// flows' records included, through its own mapping (overwriting their errors).
import type { ReplayRequest } from './replay-filter';

export const REPLAY_SETTINGS_VERSION = 1;

export type ReplayScope = 'flow' | 'all' | 'run';

export interface ReplaySettings {
  store?: string;
  scope?: string;
  runId?: string;
  pageSize?: string | number;
  version?: number | string;
}

/** Settings saved before version 1 said "all" for what is now "flow": the only sensible reading of a flow's own replay node. */
export function migrateReplaySettings(saved: ReplaySettings): ReplaySettings & { scope: ReplayScope; version: number } {
  const version = Number(saved.version) || 0;
  let scope: ReplayScope = saved.scope === 'run' || saved.scope === 'all' || saved.scope === 'flow' ? saved.scope : 'flow';
  if (version < 1 && scope === 'all') scope = 'flow';
  return { ...saved, scope, version: REPLAY_SETTINGS_VERSION };
}

/** What a replay request without a filter of its own means for this node. */
export function replayDefaults(settings: { scope: ReplayScope; runId?: string }, flow: string | undefined): ReplayRequest {
  if (settings.scope === 'run' && settings.runId) return { runId: settings.runId, ...(flow ? { flow } : {}) };
  if (settings.scope === 'flow' && flow) return { flow };
  return {};
}
