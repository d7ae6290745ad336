import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxResponse } from './response';

/*
 * The last step: putting a SandboxResponse on the socket, whole or deliberately cut short.
 */

const BODYLESS_STATUSES = new Set([204, 304]);

export function writeResponse(res: ServerResponse, response: SandboxResponse): void {
  if (res.headersSent || res.destroyed) return;
  const body = BODYLESS_STATUSES.has(response.status) ? Buffer.alloc(0) : toBuffer(response.body);
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
  res.end(body);
}

/**
 * Sends the status line, the headers (with the full Content-Length) and the first `afterBytes` of the
 * body, then destroys the socket, the way a proxy or a crashed backend cuts a response off.
 */
export function writeTruncated(req: IncomingMessage, res: ServerResponse, response: SandboxResponse, afterBytes?: number): void {
  if (res.headersSent || res.destroyed) return;
  const body = toBuffer(response.body);
  const cut = Math.max(0, Math.min(afterBytes ?? Math.floor(body.length / 2), body.length - 1));
  // An empty body still has to look truncated: promise one byte and send none.
  const declared = Math.max(body.length, cut + 1);
  res.writeHead(response.status, { ...response.headers, 'content-length': String(declared) });
  res.flushHeaders();
  res.write(body.subarray(0, cut), () => req.socket.destroy());
}

function toBuffer(body: Buffer | string): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}
