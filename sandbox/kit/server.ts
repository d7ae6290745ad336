import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SandboxClock } from './clock';
import { CONTROL_PREFIX, createControlRouter, type SandboxControls } from './control-api';
import { DEFAULT_HANG_CLOSE_AFTER_MS, FaultQueue, type FaultSpec, type StatusFault } from './faults';
import { Latency } from './latency';
import { StateFile } from './persistence';
import { portFromEnv } from './port';
import { Quota } from './quota';
import { SandboxRequest } from './request';
import { RequestLog, type LogEntryWriter, type RequestOutcome } from './request-log';
import { bodyResponse, HttpError, json, setHeader, type SandboxResponse } from './response';
import { Router } from './router';
import type { Simulator, SimulatorContext } from './simulator';
import { writeResponse, writeTruncated } from './wire';

export interface StartSimulatorOptions {
  /** 0 picks a free port. Default: `env[simulator.portEnv]`, else `simulator.defaultPort`. */
  port?: number;
  /** Default 127.0.0.1: the sandbox has demo credentials and no business on other interfaces. */
  host?: string;
  /** Largest request body accepted before answering 413. Default 8 MiB. */
  bodyLimitBytes?: number;
  /** Request log size; the oldest entries are forgotten beyond it. Default 10,000. */
  logCapacity?: number;
  /** Told about handler crashes (answered 500). Tests usually leave it out; the runner prints. */
  onError?: (error: unknown, request: { method: string; path: string }) => void;
  env?: NodeJS.ProcessEnv;
  /**
   * Keep the simulator's data in this JSON file (needs `simulator.persistence`): loaded before the
   * server listens, saved atomically after every request that changed it (before the answer goes out,
   * as a database commits before it answers), every `saveEveryMs` if in-process controls changed it,
   * after a reset, and on close. Without it the data lives only in memory.
   */
  dataFile?: string;
  /** Period of the background save that catches in-process changes. Default 5000 ms. */
  saveEveryMs?: number;
}

export interface RunningSimulator extends SandboxControls {
  readonly simulator: Simulator;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** The data file, when the simulator keeps its data (see `StartSimulatorOptions.dataFile`). */
  readonly dataFile?: string;
  /** Whether the data came from the data file (false: the seed, because there was no file yet). */
  readonly restored: boolean;
  /** Stops listening, destroys every open socket (keep-alive, hanging, mid-delay) and pending timers. */
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(
    readonly simulatorName: string,
    readonly port: number,
    readonly host: string,
    readonly portEnv: string,
  ) {
    super(`${simulatorName}: port ${port} on ${host} is already in use (set ${portEnv} to use another port)`);
    this.name = 'PortInUseError';
  }
}

const DEFAULT_BODY_LIMIT_BYTES = 8 * 1024 * 1024;
const NOT_LOGGED: Pick<LogEntryWriter, 'recordBody' | 'annotate'> = { recordBody: () => undefined, annotate: () => undefined };

export async function startSimulator(simulator: Simulator, options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? portFromEnv(options.env ?? process.env, simulator.portEnv, simulator.defaultPort);
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;

  const clock = new SandboxClock();
  const faults = new FaultQueue();
  const latency = new Latency();
  const quota = new Quota();
  const log = new RequestLog(options.logCapacity);
  const connections = new WeakMap<object, number>();
  let opened = 0;
  const connectionOf = (socket: object): number => {
    let n = connections.get(socket);
    if (n === undefined) connections.set(socket, (n = ++opened));
    return n;
  };
  const timers = new Set<NodeJS.Timeout>();
  let baseUrl: string | undefined;

  if (options.dataFile !== undefined && !simulator.persistence) throw new Error(`${simulator.name}: this simulator cannot keep its data in a file (it has no persistence)`);
  const stateFile = options.dataFile !== undefined && simulator.persistence ? new StateFile(options.dataFile, simulator.name, simulator.persistence) : undefined;
  const restored = stateFile?.load() ?? false;
  const save = (after?: string): void => {
    if (!stateFile) return;
    try {
      if (after === undefined) stateFile.save();
      else stateFile.afterRequest(after);
    } catch (error) {
      options.onError?.(error, { method: 'SAVE', path: stateFile.file });
    }
  };

  const applyDefaults = (): void => {
    if (simulator.defaults?.latency) latency.set(simulator.defaults.latency);
    else latency.clear();
    quota.set(simulator.defaults?.quota ?? []);
  };
  const controls: SandboxControls = {
    name: simulator.name,
    clock,
    faults,
    latency,
    quota,
    log,
    reset(options) {
      simulator.reset(options);
      save();
      faults.clear();
      log.clear();
      clock.useRealTime();
      applyDefaults();
    },
  };
  applyDefaults();

  const appRouter = new Router();
  const context: SimulatorContext = {
    clock,
    url: () => {
      if (baseUrl === undefined) throw new Error(`${simulator.name} is not listening yet`);
      return baseUrl;
    },
  };
  simulator.register(appRouter, context);
  const controlRouter = createControlRouter(controls);
  // The simulator's own /__sandbox/ routes (webhooks, test controls) come after the kit's.
  simulator.registerControl?.(controlRouter, context);

  /** A timer that close() can cancel; the request awaiting it is simply abandoned with its socket. */
  const pause = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.add(timer);
        });

  const hang = (req: IncomingMessage, closeAfterMs: number): void => {
    const timer = setTimeout(() => req.socket.destroy(), closeAfterMs);
    timers.add(timer);
    req.socket.once('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  };

  const runHandler = async (request: SandboxRequest, router: Router): Promise<{ response: SandboxResponse; outcome: RequestOutcome; error?: string }> => {
    try {
      return { response: await router.dispatch(request), outcome: 'answered' };
    } catch (error) {
      if (error instanceof HttpError) return { response: error.response, outcome: 'answered' };
      options.onError?.(error, { method: request.method, path: request.path });
      const message = error instanceof Error ? error.message : String(error);
      return { response: json({ error: 'sandbox_handler_failed', message }, { status: 500 }), outcome: 'handler-error', error: message };
    }
  };

  const handleControl = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const { response } = await runHandler(new SandboxRequest(req, url, bodyLimitBytes, NOT_LOGGED), controlRouter);
    // A simulator's own control routes may change its data (a hire): saved like any request before the answer.
    if (simulator.registerControl) save((req.method ?? 'GET').toUpperCase());
    writeResponse(res, response);
  };

  const handleSimulated = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const entry = log.begin({ method, path, query: url.searchParams, headers: req.headers, at: clock.nowIso(), connection: connectionOf(req.socket) });
    const clientGone = (): boolean => req.socket.destroyed;

    await pause(latency.sample());
    const fault: FaultSpec | undefined = faults.take(method, path);
    if (fault?.delayMs) await pause(fault.delayMs);
    if (fault?.kind === 'delay') await pause(fault.ms);
    if (clientGone()) return entry.finish('client-closed', null);

    // An after-commit fault lets the route run first and acts on the answer (see faults.ts).
    const afterCommit = fault !== undefined && 'afterCommit' in fault && fault.afterCommit === true ? fault : undefined;
    const before = afterCommit ? undefined : fault;
    switch (before?.kind) {
      case 'drop':
        req.socket.destroy();
        return entry.finish('dropped', null);
      case 'hang':
        hang(req, before.closeAfterMs ?? DEFAULT_HANG_CLOSE_AFTER_MS);
        return entry.finish('hung', null);
      case 'status': {
        const response = statusFaultResponse(before);
        writeResponse(res, response);
        return entry.finish('fault-status', response.status);
      }
    }

    const decision = quota.check(method, path, clock.nowMs());
    let result: { response: SandboxResponse; outcome: RequestOutcome; error?: string };
    if (decision.rejection) {
      // The reset the 429 names, so a test can show from the log that nothing came before it.
      const reset = decision.headers['x-rate-limit-reset'] ?? decision.headers['x-ratelimit-reset'];
      if (reset !== undefined) entry.annotate({ rateLimitReset: Number(reset) });
      result = { response: decision.rejection, outcome: 'rate-limited' };
    } else {
      result = await runHandler(new SandboxRequest(req, url, bodyLimitBytes, entry), appRouter);
      // Committed before answered: a client that saw the answer finds the change after a restart.
      save(method);
      for (const [name, value] of Object.entries(decision.headers)) setHeader(result.response, name, value);
    }
    if (clientGone()) return entry.finish('client-closed', null);
    if (afterCommit && !decision.rejection) {
      entry.annotate({ afterCommit: result.response.status });
      switch (afterCommit.kind) {
        case 'drop':
          req.socket.destroy();
          return entry.finish('dropped', null);
        case 'hang':
          hang(req, afterCommit.closeAfterMs ?? DEFAULT_HANG_CLOSE_AFTER_MS);
          return entry.finish('hung', null);
        case 'status': {
          const response = statusFaultResponse(afterCommit);
          writeResponse(res, response);
          return entry.finish('fault-status', response.status);
        }
      }
    }
    if (fault?.kind === 'reset-mid-body' && !decision.rejection) {
      writeTruncated(req, res, result.response, fault.afterBytes);
      return entry.finish('reset-mid-body', result.response.status);
    }
    writeResponse(res, result.response);
    entry.finish(result.outcome, result.response.status, result.error);
  };

  const server: Server = createServer((req, res) => {
    const url = requestUrl(req, hostForUrl(host, (server.address() as AddressInfo | null)?.port ?? 0));
    const handling = url.pathname.startsWith(CONTROL_PREFIX) ? handleControl(req, res, url) : handleSimulated(req, res, url);
    handling.catch((error: unknown) => {
      // Only a bug in the kit itself lands here; answer something rather than leave the client waiting.
      options.onError?.(error, { method: req.method ?? 'GET', path: url.pathname });
      writeResponse(res, json({ error: 'sandbox_failed', message: String(error) }, { status: 500 }));
    });
  });

  const port = await listen(server, requestedPort, host, simulator);
  baseUrl = `http://${hostForUrl(host, port)}`;
  // Written once at start too, so the data file exists as soon as the sandbox runs (a start that
  // finds a store but no sandbox data can then tell the two apart from a sandbox never started).
  save();
  const saver = stateFile ? setInterval(() => save(), options.saveEveryMs ?? 5000) : undefined;
  saver?.unref();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      if (saver) clearInterval(saver);
      save();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  return { ...controls, simulator, url: baseUrl, port, host, ...(stateFile ? { dataFile: stateFile.file } : {}), restored, close };
}

function statusFaultResponse(fault: StatusFault): SandboxResponse {
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  return bodyResponse(fault.status, fault.body, { contentType: fault.contentType, headers });
}

function listen(server: Server, port: number, host: string, simulator: Simulator): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(simulator.name, port, host, simulator.portEnv) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Built by concatenation, not URL resolution, so a path like `//x/y` stays a path. */
function requestUrl(req: IncomingMessage, fallbackHost: string): URL {
  const target = req.url ?? '/';
  const path = target.startsWith('/') ? target : `/${target}`;
  for (const candidate of [/^https?:\/\//i.test(target) ? target : undefined, `http://${req.headers.host ?? fallbackHost}${path}`]) {
    if (candidate === undefined) continue;
    try {
      return new URL(candidate);
    } catch {
      // a Host header or absolute target that is not a URL: fall back to our own address
    }
  }
  return new URL(`http://${fallbackHost}/`);
}

function hostForUrl(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
