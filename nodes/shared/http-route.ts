// Routes a node adds to Node-RED's httpNode app, and their removal on close. Express has no public
// way to remove a route; core http-in splices the router's layer stack, and so does this, but only the
// layers holding this node's own handler, so another node on the same path keeps its route.
import type { IncomingMessage } from 'node:http';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { BodyTooLargeError, readRawBody } from '../../lib/util/read-body';

interface RouteLayer {
  route?: { path: unknown; methods: Record<string, boolean | undefined>; stack: Array<{ handle: unknown }> };
  handle?: unknown;
}

interface LayerStack {
  stack: RouteLayer[];
}

/**
 * Express 4 (Node-RED 4 and 5) keeps the router in `_router`, made with the first route; its `router`
 * is a getter that throws. Express 5 has no `lazyrouter` and keeps it in `router`.
 */
function layerStack(app: Express): RouteLayer[] {
  const holder = app as unknown as { _router?: LayerStack; lazyrouter?: unknown };
  if (holder._router) return holder._router.stack;
  if (typeof holder.lazyrouter === 'function') return [];
  const router = (app as unknown as { router?: LayerStack }).router;
  return router && Array.isArray(router.stack) ? router.stack : [];
}

export function hasPostRoute(app: Express, path: string): boolean {
  return layerStack(app).some((layer) => layer.route?.path === path && layer.route.methods['post'] === true);
}

/** Removes every route layer that holds `handler`; returns how many. */
export function removeRoutesOf(app: Express, handler: RequestHandler): number {
  const stack = layerStack(app);
  let removed = 0;
  for (let i = stack.length - 1; i >= 0; i--) {
    const layer = stack[i];
    if (layer?.route?.stack.some((entry) => entry.handle === handler)) {
      stack.splice(i, 1);
      removed++;
    }
  }
  return removed;
}

// --- Raw bodies -------------------------------------------------------------------------------------
// Node-RED mounts the editor's admin app, which parses every JSON body, at httpAdminRoot; that is "/"
// by default, the same root as the HTTP nodes, so a JSON POST to an HTTP node has been parsed (and its
// bytes are gone) before any route of httpNode runs. Core http-in's "raw body" option solves it with a
// middleware at the top of the root app; this does the same for the POST paths registered here.

type BodyFlags = { _body?: boolean; skipRawBodyParser?: boolean; body?: unknown };

/** Per root app: normalised path → how many nodes want its raw body. */
const rawPaths = new WeakMap<Express, Map<string, number>>();
/** A body that could not be read (too large, broken off), for the route handler to answer. */
const bodyErrors = new WeakMap<IncomingMessage, Error>();

/** As Express matches by default: case-insensitive, a trailing slash optional. */
function normalise(path: string): string {
  return path.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1').toLowerCase();
}

function pathnameOf(url: string): string {
  if (!url.startsWith('/') || url.startsWith('//')) return new URL(url, 'http://localhost').pathname;
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}

function rootOf(app: Express): Express {
  let current = app as unknown as { parent?: unknown };
  while (current.parent && typeof current.parent === 'function') current = current.parent as { parent?: unknown };
  return current as unknown as Express;
}

function install(root: Express, paths: Map<string, number>, limitBytes: number): void {
  const capture = (req: Request, _res: Response, next: NextFunction): void => {
    const flags = req as unknown as BodyFlags;
    // Every request to Node-RED passes here: the cheap tests first, and a URL parsed only when the
    // request line is not the usual path form.
    if (req.method !== 'POST' || flags._body || !paths.has(normalise(pathnameOf(req.url)))) {
      next();
      return;
    }
    readRawBody(req, limitBytes).then(
      (body) => {
        flags.body = body;
        flags._body = true;
        flags.skipRawBodyParser = true;
        next();
      },
      (err: unknown) => {
        bodyErrors.set(req, err instanceof Error ? err : new Error(String(err)));
        flags._body = true;
        next();
      },
    );
  };
  root.use(capture);
  // Before every other middleware, the admin app's JSON parser included (as core http-in does).
  const stack = layerStack(root);
  const at = stack.findIndex((layer) => layer.handle === capture);
  if (at > 0) stack.unshift(...stack.splice(at, 1));
}

/**
 * Keeps the raw bytes of POSTs to `path` on `app` (mounted wherever it is): `req.body` is then a Buffer.
 * Returns the release for close.
 */
export function keepRawBody(app: Express, path: string, limitBytes: number): () => void {
  const root = rootOf(app);
  let paths = rawPaths.get(root);
  if (!paths) {
    paths = new Map();
    rawPaths.set(root, paths);
    install(root, paths, limitBytes);
  }
  const key = normalise(`${app.path()}${path}`);
  paths.set(key, (paths.get(key) ?? 0) + 1);
  const held = paths;
  return () => {
    const count = (held.get(key) ?? 1) - 1;
    if (count > 0) held.set(key, count);
    else held.delete(key);
  };
}

export type BodyRead = { ok: true; body: Buffer } | { ok: false; status: number; answer: string; problem: string };

/** The exact bytes of a request: kept by keepRawBody, or read here when nothing came first. */
export async function rawBodyOf(req: Request, limitBytes: number): Promise<BodyRead> {
  const failed = (err: unknown): BodyRead => {
    const tooLarge = err instanceof BodyTooLargeError;
    return { ok: false, status: tooLarge ? 413 : 400, answer: tooLarge ? 'body too large' : 'could not read the body', problem: err instanceof Error ? err.message : String(err) };
  };
  const readError = bodyErrors.get(req);
  if (readError) return failed(readError);
  const kept: unknown = req.body;
  if (Buffer.isBuffer(kept)) return { ok: true, body: kept };
  if ((req as unknown as BodyFlags)._body === true || req.readableEnded) {
    // Without the exact bytes no signature can be checked; say who is in the way rather than hang.
    return { ok: false, status: 500, answer: 'the body was parsed before this route saw it', problem: 'the body was parsed before this node saw its bytes (an httpNodeMiddleware that reads bodies?)' };
  }
  try {
    return { ok: true, body: await readRawBody(req, limitBytes) };
  } catch (err) {
    return failed(err);
  }
}
