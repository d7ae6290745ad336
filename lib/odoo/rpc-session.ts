import { isOdooError } from './errors';
import { faultError } from './fault-error';
import type { OdooCall, OdooLogin, OdooTransport, ServerVersion, TransportKind } from './types';
import { parseVersion } from './version';

/** One call of a service method (`common.authenticate`, `object.execute_kw`) over XML-RPC or JSON-RPC. */
export type ServiceCall = (service: 'common' | 'object', method: string, args: unknown[], options: { idempotent: boolean; model?: string; signal?: AbortSignal }) => Promise<unknown>;

/**
 * The login of the two older transports: `authenticate` gives a uid that goes with the key in every
 * `execute_kw`. The uid is cached; a call refused with AccessDenied logs in again once (the key may
 * have been rotated under the same user, or a server restarted) before the refusal is believed.
 */
export class RpcSession implements OdooTransport {
  private uidPromise: Promise<number> | null = null;

  constructor(
    readonly kind: Exclude<TransportKind, 'json2'>,
    private readonly login: OdooLogin,
    private readonly call: ServiceCall,
  ) {}

  async version(): Promise<ServerVersion> {
    return parseVersion(await this.call('common', 'version', [], { idempotent: true }), this.login.configName);
  }

  uid(): Promise<number> {
    this.uidPromise ??= this.authenticate().catch((err: unknown) => {
      this.uidPromise = null;
      throw err;
    });
    return this.uidPromise;
  }

  async execute(call: OdooCall): Promise<unknown> {
    const uid = await this.uid();
    try {
      return await this.executeAs(uid, call);
    } catch (err) {
      if (!isOdooError(err) || err.code !== 'MLC_ODOO_ACCESS_DENIED') throw err;
      this.uidPromise = null;
      const fresh = await this.uid();
      return this.executeAs(fresh, call);
    }
  }

  private executeAs(uid: number, call: OdooCall): Promise<unknown> {
    const { db, apiKey } = this.login;
    const args = call.ids !== undefined ? [call.ids, ...(call.args ?? [])] : (call.args ?? []);
    return this.call('object', 'execute_kw', [db, uid, apiKey, call.model, call.method, args, call.kwargs ?? {}], {
      idempotent: call.idempotent ?? false,
      model: call.model,
      ...(call.signal ? { signal: call.signal } : {}),
    });
  }

  private async authenticate(): Promise<number> {
    const { db, username, apiKey, configName } = this.login;
    const uid = await this.call('common', 'authenticate', [db, username, apiKey, {}], { idempotent: true });
    if (typeof uid === 'number' && uid > 0) return uid;
    throw faultError(
      { exceptionClass: 'odoo.exceptions.AccessDenied', message: `Odoo refused the login of "${username}" to database "${db}"` },
      { method: 'authenticate', configName },
    );
  }
}
