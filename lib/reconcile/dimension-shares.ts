// A dimension value as a target stores it, as the shares of a line's amounts it carries; the same for
// every read-back (Odoo's fields, a warehouse's columns read as JSON).
import type { DimensionShare } from './read-back';

/**
 * A many2one pair ([id, "6100 Salaries"]), a plain value, or an analytic distribution ({"12": 100}
 * or, with several plans, {"12,31": 50, ...}) that shares the line's amounts; nothing when empty.
 */
export function sharesOf(value: unknown): DimensionShare[] {
  if (Array.isArray(value)) return [{ value: String(value[0]), label: typeof value[1] === 'string' ? value[1] : null, percent: 100 }];
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([ids, percent]) =>
      ids.split(',').map((id) => ({ value: id.trim(), label: null, percent: typeof percent === 'number' ? percent : Number(percent) || 0 })),
    );
  }
  if (value === false || value === null || value === undefined) return [];
  return [{ value: String(value), label: null, percent: 100 }];
}
