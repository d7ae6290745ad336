/**
 * Values as they cross the engine boundary. What comes in from a transport is `unknown` and is checked
 * here; what goes out is plain JSON-like data in Odoo's shapes (`false` for empty, never `undefined`).
 */

/** A value an Odoo method returns over RPC. `null` only where Odoo itself would return None. */
export type OdooValue = string | number | boolean | null | OdooValue[] | OdooStruct;

export interface OdooStruct {
  [key: string]: OdooValue;
}

/** JSON data held by `json` fields (analytic_distribution). */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

export interface JsonObject {
  [key: string]: JsonValue;
}

/** Odoo's `context` dict, as passed in `kwargs.context` or the JSON-2 body. */
export type Context = Readonly<Record<string, unknown>>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Python truthiness, which is what Odoo applies to most flags it receives. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}
