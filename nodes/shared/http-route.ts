// Routes a node adds to Node-RED's httpNode app, and their removal on close. Express has no public
// way to remove a route; core http-in splices the router's layer stack, and so does this, but only the
// layers holding this node's own handler, so another node on the same path keeps its route.
import type { Express, RequestHandler } from 'express';

interface RouteLayer {
  route?: { path: unknown; methods: Record<string, boolean | undefined>; stack: Array<{ handle: unknown }> };
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
