import type { IncomingMessage } from 'node:http';
import { HttpError } from './response';

/**
 * Reads a whole request body, refusing more than `limitBytes` with 413.
 *
 * An oversized body is still drained (up to a hard bound) before the 413 goes out: a client that is
 * still writing when the server hangs up sees EPIPE/ECONNRESET instead of the 413 it should see.
 */
export async function readBodyBytes(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  const drainBound = Math.max(limitBytes * 8, 16 * 1024 * 1024);
  if (Number.isFinite(declared) && declared > drainBound) {
    request.socket.destroy();
    throw tooLarge(limitBytes);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    received += buffer.length;
    if (received > drainBound) {
      request.socket.destroy();
      throw tooLarge(limitBytes);
    }
    if (received <= limitBytes) chunks.push(buffer);
  }
  if (received > limitBytes) throw tooLarge(limitBytes);
  return Buffer.concat(chunks);
}

function tooLarge(limitBytes: number): HttpError {
  return new HttpError(413, { error: 'payload_too_large', message: `request body exceeds ${limitBytes} bytes` }, {
    headers: { connection: 'close' },
  });
}
