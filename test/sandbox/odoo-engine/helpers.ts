import assert from 'node:assert/strict';
import { OdooEngine, OdooFault, PinnedClock, type OdooValue } from '../../../sandbox/odoo/engine';

export const ADMIN_UID = 2;
export const READER_UID = 3;
/** Tests run at a fixed instant, after the seed's timestamps. */
export const TEST_NOW = '2026-11-20 10:00:00';

export function newEngine(): OdooEngine {
  return new OdooEngine({ clock: new PinnedClock(TEST_NOW) });
}

export type Caller = (model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>) => OdooValue;

/** Calls as execute_kw would, for one user. */
export function callerFor(engine: OdooEngine, uid = ADMIN_UID): Caller {
  return (model, method, args = [], kwargs = {}) => engine.callKw({ uid, model, method, args, kwargs });
}

/** The OdooFault `work` throws (fails the test if it throws anything else or nothing). */
export function faultOf(work: () => unknown): OdooFault {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof OdooFault, `expected an OdooFault, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a fault');
}

export type Rec = Record<string, OdooValue>;

export function records(value: OdooValue): Rec[] {
  assert.ok(Array.isArray(value), 'expected a list of records');
  return value as Rec[];
}

export function ids(value: OdooValue): number[] {
  assert.ok(Array.isArray(value) && value.every((id) => typeof id === 'number'), 'expected a list of ids');
  return value as number[];
}

/** Ids of a search, sorted, for set-like comparisons. */
export function searchIds(call: Caller, model: string, domain: unknown[], kwargs: Record<string, unknown> = {}): number[] {
  return ids(call(model, 'search', [domain], kwargs)).sort((a, b) => a - b);
}

/** Names of the records a domain finds, sorted. */
export function names(call: Caller, model: string, domain: unknown[], kwargs: Record<string, unknown> = {}): string[] {
  return records(call(model, 'search_read', [domain], { fields: ['name'], ...kwargs }))
    .map((record) => String(record['name']))
    .sort();
}
