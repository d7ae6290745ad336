// The plans the store keeps: per run, each planned record's action, field changes and the message
// that posting the plan sends (see lib/plan/plan.ts for what a plan says).
import type { MlcEnvelope } from '../envelope';
import type { PlanAction, PlanCounts, PlanFieldChange } from '../plan/plan';
import type { StoredError } from './types';

export interface PlanEntryReport {
  runId: string;
  key: string;
  action: PlanAction;
  system: string;
  entity: string;
  /** The target record the write would change; null for a create or a refusal. */
  targetId: string | null;
  changes: PlanFieldChange[];
  /** The message the write node read, besides msg.mlc: what posting the plan sends again. */
  post: Record<string, unknown>;
  mlc: MlcEnvelope | null;
  /** The write node that planned it: posting sends the record back to it (through its dedup). */
  node: string | null;
  flow: string | null;
  error: StoredError | null;
  note: string | null;
}

export interface PlanEntry extends PlanEntryReport {
  plannedAt: string;
  /** When a user posted it; null while it is only a plan. */
  postedAt: string | null;
}

export interface PlanRunSummary {
  runId: string;
  flow: string | null;
  counts: PlanCounts;
  /** When its first record was planned. */
  plannedAt: string;
  /** When it was last posted, if ever. */
  postedAt: string | null;
}

export interface PlanStore {
  /** Keeps the entries; a key planned again in the same run replaces its entry (and is no longer posted). */
  savePlanEntries(entries: readonly PlanEntryReport[]): Promise<void>;
  /** A run's plan in key order; keyset paging with afterKey. */
  listPlanEntries(runId: string, options?: { limit?: number; afterKey?: string; keys?: readonly string[] }): Promise<PlanEntry[]>;
  /** The runs that have a plan, newest first, with their counts by action. */
  listPlanRuns(options?: { limit?: number }): Promise<PlanRunSummary[]>;
  /** Notes that these entries of the run were posted; returns how many. */
  markPlanPosted(runId: string, keys: readonly string[]): Promise<number>;
}
