// What an update would change: the fields of a PATCH body whose value differs from the employee as
// Paylocity holds it. Flows send whole sections (departmentPosition with cost center, position and
// title) whenever anything on the source record moved, so without this every Odoo edit would PATCH
// values Paylocity already has, and each PATCH fires Employee Change webhooks at every subscriber.

/** The part of `body` that differs from `current`, same shape; empty when nothing differs. */
export function changedFields(body: Record<string, unknown>, current: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const held = current[key];
    if (isSection(value)) {
      const inner = changedFields(value, isSection(held) ? held : {});
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else if (!sameValue(value, held)) {
      out[key] = value;
    }
  }
  return out;
}

export function isSection(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function blank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00:00(?:\.0+)?Z?)?$/;
const US_DAY = /^(\d{2})[/-](\d{2})[/-](\d{4})$/;

/** A calendar day in either of the forms Paylocity takes or gives (CCYY-MM-DD[T00:00:00], MM/DD/CCYY, MM-DD-CCYY). */
function day(value: string): string | null {
  const iso = ISO_DAY.exec(value);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const us = US_DAY.exec(value);
  return us ? `${us[3]}-${us[1]}-${us[2]}` : null;
}

function sameValue(sent: unknown, held: unknown): boolean {
  if (blank(sent) || blank(held)) return blank(sent) && blank(held);
  if (typeof sent === 'string' && typeof held === 'string') {
    const a = sent.trim();
    const b = held.trim();
    if (a === b) return true;
    const da = day(a);
    return da !== null && da === day(b);
  }
  if (typeof sent === 'number' || typeof held === 'number') {
    const a = Number(sent);
    const b = Number(held);
    return Number.isFinite(a) && Number.isFinite(b) && a === b;
  }
  if (typeof sent === 'boolean' || typeof held === 'boolean') return String(sent) === String(held);
  return JSON.stringify(sent) === JSON.stringify(held);
}
