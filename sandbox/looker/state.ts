import { createHash } from 'node:crypto';
import { definitionKey, type QueryDefinition } from './query-body';

export interface StoredQuery {
  id: string;
  slug: string;
  definition: QueryDefinition;
  /** Fields Looker keeps but the sandbox does not act on, echoed back as sent. */
  extra: Record<string, unknown>;
}

export interface Look {
  id: string;
  title: string;
  description: string;
  queryId: string;
  folderId: string;
}

export interface Datagroup {
  id: string;
  model_name: string;
  name: string;
  created_at: number;
  /** Unix seconds, or null while never set. */
  triggered_at: number | null;
  stale_before: number | null;
  trigger_check_at: number | null;
  trigger_error: string | null;
  trigger_value: string | null;
  /** Sandbox clock ms up to which cached results are stale (the latest trigger or stale_before). */
  staleUntilMs: number;
}

export interface PlanDestination {
  id: string;
  scheduled_plan_id: string;
  type: string;
  format: string;
  address: string | null;
  parameters: string | null;
  message: string | null;
  apply_formatting: boolean;
  apply_vis: boolean;
}

export interface ScheduledPlan {
  id: string;
  name: string;
  user_id: string;
  look_id: string | null;
  query_id: string | null;
  dashboard_id: string | null;
  lookml_dashboard_id: string | null;
  crontab: string | null;
  datagroup: string | null;
  enabled: boolean;
  require_results: boolean;
  require_no_results: boolean;
  require_change: boolean;
  run_as_recipient: boolean;
  timezone: string | null;
  filters_string: string | null;
  created_at: string;
  updated_at: string;
  last_run_at: string | null;
  scheduled_plan_destination: PlanDestination[];
}

export interface Delivery {
  destinationId: string;
  type: string;
  format: string;
  address: string | null;
  /** `recorded`: a type the sandbox does not send (email, s3, sftp). */
  status: 'success' | 'failure' | 'recorded';
  httpStatus: number | null;
  error: string | null;
  rows: number;
}

export interface PlanRun {
  id: string;
  planId: string | null;
  planName: string;
  startedAt: string;
  finishedAt: string | null;
  /** `skipped`: require_results / require_no_results / require_change held the delivery back. */
  status: 'running' | 'success' | 'failure' | 'skipped';
  error: string | null;
  deliveries: Delivery[];
  /** Digest of the rows the run found, for the next run's require_change. */
  rowsDigest: string | null;
}

export interface DatagroupTrigger {
  datagroupId: string;
  at: string;
  triggered_at: number | null;
  stale_before: number | null;
  user: string;
}

export interface LookerStateSnapshot {
  queries: StoredQuery[];
  looks: Look[];
  datagroups: Datagroup[];
  plans: ScheduledPlan[];
  runs: PlanRun[];
  triggers: DatagroupTrigger[];
  nextIds: Record<string, number>;
}

/** Everything a running Looker keeps (results caches aside), as plain data for the state file. */
export class LookerState {
  queries: StoredQuery[] = [];
  looks: Look[] = [];
  datagroups: Datagroup[] = [];
  plans: ScheduledPlan[] = [];
  runs: PlanRun[] = [];
  triggers: DatagroupTrigger[] = [];
  nextIds: Record<string, number> = {};
  /** Moves on every change, so the kit saves only when something did. */
  revision = 0;

  constructor(private readonly seed: (state: LookerState) => void) {
    this.reset();
  }

  reset(): void {
    this.queries = [];
    this.looks = [];
    this.datagroups = [];
    this.plans = [];
    this.runs = [];
    this.triggers = [];
    this.nextIds = {};
    this.seed(this);
    this.revision += 1;
  }

  nextId(kind: string, first = 1): string {
    const id = this.nextIds[kind] ?? first;
    this.nextIds[kind] = id + 1;
    return String(id);
  }

  changed(): void {
    this.revision += 1;
  }

  /** An identical body gives the existing query back, as Looker does. */
  internQuery(definition: QueryDefinition, extra: Record<string, unknown>): StoredQuery {
    const key = definitionKey(definition);
    const existing = this.queries.find((query) => definitionKey(query.definition) === key);
    if (existing) return existing;
    const query: StoredQuery = { id: this.nextId('query', 101), slug: slugOf(key), definition, extra };
    this.queries.push(query);
    this.changed();
    return query;
  }

  query(id: string): StoredQuery | undefined {
    return this.queries.find((query) => query.id === id);
  }

  snapshot(): LookerStateSnapshot {
    return structuredClone({ queries: this.queries, looks: this.looks, datagroups: this.datagroups, plans: this.plans, runs: this.runs, triggers: this.triggers, nextIds: this.nextIds });
  }

  restore(snapshot: LookerStateSnapshot): void {
    if (!Array.isArray(snapshot.queries) || !Array.isArray(snapshot.plans) || !Array.isArray(snapshot.datagroups)) throw new Error('not a Looker sandbox snapshot');
    Object.assign(this, structuredClone(snapshot));
    this.changed();
  }
}

/** Looker slugs are short random-looking strings; derived from the query so runs are repeatable. */
function slugOf(key: string): string {
  return createHash('sha256').update(key).digest('base64url').replace(/[-_]/g, '').slice(0, 22);
}
