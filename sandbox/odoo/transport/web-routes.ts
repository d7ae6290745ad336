import { json, type Router } from '../../kit';
import type { OdooEngine } from '../engine';

/** `GET /web/version` and its alias `/json/version`: the version without authentication (Odoo 19's rpc addon). */
export function registerWebVersion(router: Router, engine: OdooEngine): void {
  for (const path of ['/web/version', '/json/version'] as const) {
    router.get(path, (request) => {
      request.annotate({ transport: 'web', rpcMethod: 'version' });
      const { server_version: version, server_version_info: versionInfo } = engine.version();
      return json({ version_info: versionInfo, version });
    });
  }
}
