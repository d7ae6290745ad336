import { z } from 'zod';
import { protocolError } from './fault-error';
import type { ServerVersion } from './types';

/** common.version() over XML-RPC / JSON-RPC. */
const rpcVersionSchema = z.object({ server_version: z.string(), server_version_info: z.array(z.unknown()).optional() });
/** GET /web/version. */
const webVersionSchema = z.object({ version: z.string(), version_info: z.array(z.unknown()).optional() });

export function parseVersion(value: unknown, configName: string): ServerVersion {
  const rpc = rpcVersionSchema.safeParse(value);
  const web = webVersionSchema.safeParse(value);
  let version: string;
  let info: unknown[];
  if (rpc.success) {
    version = rpc.data.server_version;
    info = rpc.data.server_version_info ?? [];
  } else if (web.success) {
    version = web.data.version;
    info = web.data.version_info ?? [];
  } else {
    throw protocolError('the server did not answer a version: is the URL an Odoo server?', configName);
  }
  const first = info[0];
  // Odoo Online says 'saas~18.3'.
  const major = typeof first === 'number' ? first : Number(/(\d+)/.exec(version)?.[1] ?? NaN);
  return { version, major: Number.isFinite(major) ? major : 0, info };
}
