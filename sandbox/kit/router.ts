import type { SandboxRequest, RouteParams } from './request';
import { json, setHeader, type SandboxResponse } from './response';

/** `'/json/2/:model/:method'` → `'model' | 'method'`, so handlers get typed `req.params`; a trailing `*` adds `'*'`. */
export type ParamNames<Pattern extends string> = (Pattern extends `${string}/*` ? '*' : never) | ColonParamNames<Pattern>;

type ColonParamNames<Pattern extends string> = Pattern extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ColonParamNames<`/${Rest}`>
  : Pattern extends `${string}:${infer Name}`
    ? Name
    : never;

export type Handler<P extends RouteParams = RouteParams> = (
  request: SandboxRequest<P>,
) => SandboxResponse | Promise<SandboxResponse>;

type Segment = { literal: string } | { param: string } | { rest: true };

interface Route {
  method: string;
  pattern: string;
  segments: Segment[];
  handler: Handler;
}

/**
 * Method + path routing. Patterns are `/`-separated; `:name` captures one non-empty segment
 * (URL-decoded), a trailing `*` captures the rest of the path as `params['*']`. Routes are tried in
 * the order they were added, so put a literal route before a parameter route that would also match.
 */
export class Router {
  private readonly routes: Route[] = [];
  private fallbackHandler: Handler = defaultNotFound;

  route<Pattern extends string>(method: string, pattern: Pattern, handler: Handler<Record<ParamNames<Pattern>, string>>): this {
    this.routes.push({ method: method.toUpperCase(), pattern, segments: compile(pattern), handler: handler as Handler });
    return this;
  }

  get<Pattern extends string>(pattern: Pattern, handler: Handler<Record<ParamNames<Pattern>, string>>): this {
    return this.route('GET', pattern, handler);
  }

  post<Pattern extends string>(pattern: Pattern, handler: Handler<Record<ParamNames<Pattern>, string>>): this {
    return this.route('POST', pattern, handler);
  }

  put<Pattern extends string>(pattern: Pattern, handler: Handler<Record<ParamNames<Pattern>, string>>): this {
    return this.route('PUT', pattern, handler);
  }

  patch<Pattern extends string>(pattern: Pattern, handler: Handler<Record<ParamNames<Pattern>, string>>): this {
    return this.route('PATCH', pattern, handler);
  }

  delete<Pattern extends string>(pattern: Pattern, handler: Handler<Record<ParamNames<Pattern>, string>>): this {
    return this.route('DELETE', pattern, handler);
  }

  /** What to answer when no route matches; each system has its own idea of a 404 page. */
  fallback(handler: Handler): this {
    this.fallbackHandler = handler;
    return this;
  }

  async dispatch(request: SandboxRequest): Promise<SandboxResponse> {
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const params = matchSegments(route.segments, request.path);
      if (!params) continue;
      if (route.method !== request.method) {
        allowed.add(route.method);
        continue;
      }
      request.params = params;
      return route.handler(request);
    }
    if (allowed.size > 0 && this.fallbackHandler === defaultNotFound) {
      const response = json({ error: 'method_not_allowed', message: `${request.method} ${request.path} is not supported` }, { status: 405 });
      setHeader(response, 'allow', [...allowed].join(', '));
      return response;
    }
    return this.fallbackHandler(request);
  }
}

function defaultNotFound(request: SandboxRequest): SandboxResponse {
  return json({ error: 'not_found', message: `no route for ${request.method} ${request.path}` }, { status: 404 });
}

function compile(pattern: string): Segment[] {
  if (!pattern.startsWith('/')) throw new Error(`route pattern must start with '/': ${pattern}`);
  const parts = pattern.split('/').slice(1);
  return parts.map((part, index): Segment => {
    if (part === '*') {
      if (index !== parts.length - 1) throw new Error(`'*' must be the last segment: ${pattern}`);
      return { rest: true };
    }
    if (part.startsWith(':')) {
      if (part.length === 1) throw new Error(`unnamed parameter in ${pattern}`);
      return { param: part.slice(1) };
    }
    return { literal: part };
  });
}

function matchSegments(segments: Segment[], path: string): RouteParams | undefined {
  const parts = path.split('/').slice(1);
  const params: RouteParams = {};
  for (const [index, segment] of segments.entries()) {
    if ('rest' in segment) {
      params['*'] = parts.slice(index).map(safeDecode).join('/');
      return params;
    }
    const part = parts[index];
    if (part === undefined) return undefined;
    if ('literal' in segment) {
      if (part !== segment.literal) return undefined;
    } else {
      if (part === '') return undefined;
      params[segment.param] = safeDecode(part);
    }
  }
  return parts.length === segments.length ? params : undefined;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part; // a stray '%' is the client's problem; the route still sees what was sent
  }
}
