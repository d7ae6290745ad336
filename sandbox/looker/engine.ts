import type { SandboxClock, SandboxRequest, SandboxResponse } from '../kit';
import { compileQuery, rowLimitOf, type CompiledQuery } from './compile';
import { MODELS, type ExploreDef, type ModelDef } from './models';
import type { QueryDefinition } from './query-body';
import { renderResult, typedRows, type ResultFormat, type Row } from './render';
import type { LookerState } from './state';
import { lookerError, notFound, validationError } from './wire';
import { runOnWarehouse, WarehouseError, type WarehouseConfig } from './warehouse';

interface CacheEntry {
  rows: Row[];
  cachedAtMs: number;
  ranAt: string;
}

export interface RunOptions {
  format: ResultFormat;
  /** `cache=false` bypasses the cache (and refreshes it). */
  cache: boolean;
  /** The run's `limit` parameter, beating the query's. */
  limit: string | null;
}

export interface QueryOutcome {
  compiled: CompiledQuery;
  rows: Row[];
  fromCache: boolean;
  ranAt: string;
}

/**
 * Compiles queries against the LookML and runs them on the warehouse, with Looker's result cache:
 * a result is reused until its model's datagroup is triggered (or its stale_before passes it).
 */
export class QueryEngine {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly state: LookerState,
    private readonly clock: () => SandboxClock,
    private readonly warehouse: () => WarehouseConfig,
  ) {}

  model(name: string): ModelDef | undefined {
    return MODELS.find((model) => model.name === name);
  }

  explore(model: ModelDef, name: string): ExploreDef | undefined {
    return model.explores.find((explore) => explore.name === name);
  }

  /** The model and explore of a query, or Looker's 404 when either does not exist. */
  target(definition: QueryDefinition, request?: SandboxRequest): { model: ModelDef; explore: ExploreDef } {
    const model = this.model(definition.model);
    const explore = model ? this.explore(model, definition.view) : undefined;
    if (!model || !explore) throw notFound(request);
    return { model, explore };
  }

  compile(definition: QueryDefinition, runLimit: string | null, request?: SandboxRequest): CompiledQuery {
    const { model, explore } = this.target(definition, request);
    const limit = rowLimitOf(definition.limit, runLimit);
    if (limit === undefined) throw validationError([{ field: 'limit', code: 'invalid', message: `limit must be a whole number or -1, got "${runLimit ?? definition.limit ?? ''}"` }], request);
    const result = compileQuery(model, explore, definition, this.warehouse().schema, limit);
    if (!result.ok) throw validationError(result.errors, request);
    return result.query;
  }

  async execute(definition: QueryDefinition, options: Omit<RunOptions, 'format'>, request?: SandboxRequest): Promise<QueryOutcome> {
    const compiled = this.compile(definition, options.limit, request);
    const key = `${this.warehouse().url}\n${compiled.sql}\n${JSON.stringify(compiled.params)}`;
    const cached = this.cache.get(key);
    const model = this.model(definition.model);
    const datagroup = this.state.datagroups.find((candidate) => candidate.model_name === model?.name && candidate.name === model.datagroup);
    if (options.cache && cached && cached.cachedAtMs > (datagroup?.staleUntilMs ?? -Infinity)) {
      request?.annotate({ cache: 'hit' });
      return { compiled, rows: cached.rows, fromCache: true, ranAt: cached.ranAt };
    }
    request?.annotate({ cache: 'miss' });
    let raw: Record<string, unknown>[];
    try {
      raw = (await runOnWarehouse(this.warehouse(), compiled.sql, compiled.params)).rows;
    } catch (error) {
      if (error instanceof WarehouseError) throw lookerError(400, error.message, request);
      throw error;
    }
    const rows = typedRows(compiled.fields, raw);
    const entry: CacheEntry = { rows, cachedAtMs: this.clock().nowMs(), ranAt: this.clock().nowIso() };
    this.cache.set(key, entry);
    return { compiled, rows, fromCache: false, ranAt: entry.ranAt };
  }

  async run(definition: QueryDefinition, options: RunOptions, request?: SandboxRequest): Promise<SandboxResponse> {
    if (options.format === 'sql') return renderResult('sql', this.compile(definition, options.limit, request), [], { fromCache: false, ranAt: this.clock().nowIso() });
    const outcome = await this.execute(definition, options, request);
    return renderResult(options.format, outcome.compiled, outcome.rows, outcome);
  }

  clearCache(): void {
    this.cache.clear();
  }
}
