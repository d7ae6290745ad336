import { STATUS_CODES } from 'node:http';
import type { SandboxRequest, SandboxResponse } from '../kit';
import { werkzeugErrorPage } from './transport/html-errors';

/*
 * Faults that strike an Odoo model method AFTER Odoo ran it and committed its transaction: the work is
 * done, only the answer is lost. This is what an integration cannot tell apart from a call that never
 * ran (a proxy's 500, a cut connection, a timeout), and what exactly-once writing must survive.
 *
 * The kit's faults (sandbox/kit/faults.ts) match requests by path and act before the route runs (except
 * reset-mid-body); XML-RPC and JSON-RPC send every model method to one path, so these match the model
 * method itself, on all three transports, and act after it returned.
 */

export type AfterCommitAction =
  /** Answer this status (default 500) with werkzeug's HTML error page, as a proxy or a crashed worker would. */
  | { kind: 'status'; status?: number }
  /** Never answer; the socket is destroyed after `closeAfterMs` (default 120 s) or when the client gives up. */
  | { kind: 'hang'; closeAfterMs?: number }
  /** Destroy the connection without a byte of the answer. */
  | { kind: 'drop' }
  /** Send the status line, headers and the first `afterBytes` (default half) of the real answer, then destroy. */
  | { kind: 'reset-mid-body'; afterBytes?: number };

export type OdooCallFault = AfterCommitAction & {
  /** The model method, e.g. `load`, `create`, `action_post`. */
  method: string;
  /** Any model when omitted. */
  model?: string;
  /** How many matching calls it strikes, default 1. */
  times?: number;
};

const DEFAULT_HANG_CLOSE_AFTER_MS = 120_000;

/** Pending after-commit faults of one Odoo simulator; each call takes at most one, the oldest that matches. */
export class OdooCallFaults {
  private queue: Array<{ spec: OdooCallFault; remaining: number }> = [];

  add(faults: OdooCallFault | OdooCallFault[]): void {
    for (const spec of Array.isArray(faults) ? faults : [faults]) {
      const times = spec.times ?? 1;
      if (!Number.isInteger(times) || times < 1) throw new RangeError(`fault times must be a positive integer, got ${times}`);
      this.queue.push({ spec, remaining: times });
    }
  }

  pending(): Array<{ spec: OdooCallFault; remaining: number }> {
    return this.queue.map((p) => ({ spec: { ...p.spec }, remaining: p.remaining }));
  }

  clear(): void {
    this.queue = [];
  }

  /**
   * Called by a transport once `model.method` returned (committed): the answer to send, after the
   * fault (if one matches) did its work on the socket. When the socket is gone the kit sends nothing.
   */
  async answer(request: SandboxRequest, call: { model: string; method: string }, response: SandboxResponse): Promise<SandboxResponse> {
    const index = this.queue.findIndex(({ spec }) => spec.method === call.method && (spec.model === undefined || spec.model === call.model));
    const pending = this.queue[index];
    if (!pending) return response;
    pending.remaining -= 1;
    if (pending.remaining === 0) this.queue.splice(index, 1);
    const { spec } = pending;
    request.annotate({ afterCommitFault: spec.kind });
    const socket = request.raw.socket;
    if (socket.destroyed) return response;
    switch (spec.kind) {
      case 'status': {
        const status = spec.status ?? 500;
        return werkzeugErrorPage(status, STATUS_CODES[status] === 'Internal Server Error' ? 'The server encountered an internal error and was unable to complete your request.' : (STATUS_CODES[status] ?? ''));
      }
      case 'drop':
        socket.destroy();
        return response;
      case 'hang':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => socket.destroy(), spec.closeAfterMs ?? DEFAULT_HANG_CLOSE_AFTER_MS);
          socket.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        return response;
      case 'reset-mid-body': {
        const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
        const cut = Math.max(0, Math.min(spec.afterBytes ?? Math.floor(body.length / 2), body.length - 1));
        const head = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`];
        for (const [name, value] of Object.entries(response.headers)) if (name.toLowerCase() !== 'content-length') head.push(`${name}: ${Array.isArray(value) ? value.join(', ') : value}`);
        head.push(`content-length: ${Math.max(body.length, cut + 1)}`);
        await new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          socket.write(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body.subarray(0, cut)]), () => socket.destroy());
        });
        return response;
      }
    }
  }
}
