import { HttpError, json, type Router, type SandboxClock, type SandboxRequest, type SandboxResponse } from '../kit';
import { z } from 'zod';
import type { QueryEngine } from './engine';
import { isResultFormat, RESULT_FORMATS, type ResultFormat } from './render';
import type { LookerState } from './state';
import { notFound, validationError } from './wire';

interface QueryTask {
  id: string;
  query_id: string;
  look_id: string | null;
  result_format: ResultFormat;
  source: string | null;
  deferred: boolean;
  status: 'added' | 'running' | 'complete' | 'error';
  created_at: string;
  runtime: number | null;
  result?: SandboxResponse;
}

export const queryTaskBody = z
  .object({
    query_id: z.union([z.string(), z.number()]),
    result_format: z.string(),
    source: z.string().nullish(),
    deferred: z.boolean().nullish(),
    look_id: z.union([z.string(), z.number()]).nullish(),
    dashboard_id: z.union([z.string(), z.number()]).nullish(),
  })
  .passthrough();

/**
 * Async queries (`/query_tasks`): the task starts at once and runs on the warehouse off the request;
 * its results answer 202 until it is done. Tasks live in memory only, like Looker's short-lived results.
 */
export class QueryTasks {
  private readonly tasks = new Map<string, QueryTask>();
  private readonly inFlight = new Set<Promise<void>>();
  private next = 1;

  constructor(
    private readonly state: LookerState,
    private readonly engine: QueryEngine,
    private readonly clock: () => SandboxClock,
  ) {}

  create(body: z.infer<typeof queryTaskBody>, request: SandboxRequest): QueryTask {
    const query = this.state.query(String(body.query_id));
    if (!query) throw validationError([{ field: 'query_id', code: 'invalid', message: `Query ${String(body.query_id)} does not exist` }], request);
    if (!isResultFormat(body.result_format)) throw validationError([{ field: 'result_format', code: 'invalid', message: `result_format must be one of ${RESULT_FORMATS.join(', ')} in the sandbox` }], request);
    const task: QueryTask = {
      id: `qt${this.next++}`,
      query_id: query.id,
      look_id: body.look_id === undefined || body.look_id === null ? null : String(body.look_id),
      result_format: body.result_format,
      source: body.source ?? null,
      deferred: body.deferred ?? false,
      status: 'running',
      created_at: this.clock().nowIso(),
      runtime: null,
    };
    this.tasks.set(task.id, task);
    const started = this.clock().nowMs();
    const work = (async () => {
      try {
        task.result = await this.engine.run(query.definition, { format: task.result_format, cache: true, limit: null });
        task.status = 'complete';
      } catch (error) {
        task.result = error instanceof HttpError ? error.response : json({ message: String(error) }, { status: 500 });
        task.status = 'error';
      } finally {
        task.runtime = (this.clock().nowMs() - started) / 1000;
      }
    })().finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
    return task;
  }

  get(id: string): QueryTask | undefined {
    return this.tasks.get(id);
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  clear(): void {
    this.tasks.clear();
  }
}

function taskJson(task: QueryTask): Record<string, unknown> {
  const { result: _result, ...visible } = task;
  return { ...visible, can: {} };
}

export function registerQueryTaskRoutes(router: Router, tasks: QueryTasks, authenticate: (request: SandboxRequest) => unknown, parse: (request: SandboxRequest) => Promise<z.infer<typeof queryTaskBody>>): void {
  router.post('/api/4.0/query_tasks', async (request) => {
    authenticate(request);
    return json(taskJson(tasks.create(await parse(request), request)));
  });
  router.get('/api/4.0/query_tasks/:id', (request) => {
    authenticate(request);
    const task = tasks.get(request.params.id);
    if (!task) throw notFound(request);
    return json(taskJson(task));
  });
  router.get('/api/4.0/query_tasks/:id/results', (request) => {
    authenticate(request);
    const task = tasks.get(request.params.id);
    if (!task) throw notFound(request);
    if (!task.result) return json({}, { status: 202 });
    return { ...task.result, headers: { ...task.result.headers } };
  });
}
