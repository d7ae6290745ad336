import type { Database } from './database';
import type { Row, StoredValue } from './fields';
import type { Registry } from './registry';
import type { Context, OdooStruct } from './values';

/** Values for create/write as received: field name to wire value, checked by the ORM. */
export type Vals = Record<string, unknown>;

export interface SearchOptions {
  offset?: number;
  limit?: number | null;
  order?: string | null;
}

/**
 * The ORM operations, reachable from model hooks and business methods through `env.orm` so that model
 * definitions never import the ORM modules (which import the registry, which imports the models).
 */
export interface Orm {
  search(env: Env, model: string, domain: unknown, options?: SearchOptions): number[];
  count(env: Env, model: string, domain: unknown, limit?: number | null): number;
  create(env: Env, model: string, valsList: readonly Vals[]): number[];
  write(env: Env, model: string, ids: readonly number[], vals: Vals): void;
  unlink(env: Env, model: string, ids: readonly number[]): void;
  read(env: Env, model: string, ids: readonly number[], fieldNames?: readonly string[] | null, load?: string | null): OdooStruct[];
  /** The value of a field on a row, computed fields included (one2many: the line ids). */
  value(env: Env, model: string, row: Row, field: string): StoredValue | undefined;
  displayName(env: Env, model: string, id: number): string | false;
}

/** Work postponed to the end of the current call, like Odoo's recomputations and move checks. */
export interface DeferredWork {
  mark(model: string, ids: Iterable<number>): void;
  /** Runs the pending work now (business methods that must see it done before they continue). */
  flush(): void;
  /** Forgets pending work of records a rolled back savepoint removed. */
  discard(): void;
}

/**
 * Odoo's `env`: who is calling, with which context, inside which transaction (`now` is the
 * transaction's timestamp, shared by every record it touches).
 */
export interface Env {
  readonly db: Database;
  readonly registry: Registry;
  readonly orm: Orm;
  readonly uid: number;
  /** Superuser mode: access rights are not checked (engine-internal work). */
  readonly su: boolean;
  readonly context: Context;
  readonly now: string;
  readonly today: string;
  readonly deferred: DeferredWork;
  /** Access rights of `uid` on a model; consulted only when `su` is false. */
  readonly canAccess: (model: string, operation: AccessOperation) => boolean;
}

export type AccessOperation = 'read' | 'write' | 'create' | 'unlink';

export function sudo(env: Env): Env {
  return env.su ? env : { ...env, su: true };
}

export function withContext(env: Env, extra: Context): Env {
  return { ...env, context: { ...env.context, ...extra } };
}

/** `active_test` defaults to true: archived records are hidden unless the context says otherwise. */
export function activeTest(env: Env): boolean {
  return env.context['active_test'] !== false;
}
