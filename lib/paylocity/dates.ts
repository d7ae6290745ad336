// Paylocity's output date format is unconfirmed (notes F.2): `2026-11-13`, `2026-11-13T00:00:00` and
// `11/13/2026` are all taken and become `YYYY-MM-DD`; inputs (`CCYY-MM-DD` or `MM-DD-CCYY`) likewise.

/** A Paylocity date as `YYYY-MM-DD`, or null when empty or not a real date. */
export function paylocityDay(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  const us = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})(?:[T ][\d:.]+)?$/.exec(text);
  const day = iso ? `${iso[1]}-${iso[2]}-${iso[3]}` : us ? `${us[3]}-${(us[1] ?? '').padStart(2, '0')}-${(us[2] ?? '').padStart(2, '0')}` : null;
  if (day === null) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day ? day : null;
}
