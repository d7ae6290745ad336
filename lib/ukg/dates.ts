// UKG's filters put the comparison inside the value and write dates as MM-DD-YYYY:
// dateTimeChanged=>11-01-2026 (after), <11-01-2026 (before), 11-01-2026 (on), {a,b} (between).

export type DateFilter = { after: string } | { before: string } | { on: string } | { from: string; to: string };

/** '2026-11-01' or an ISO instant → '11-01-2026' (the UTC calendar day). */
export function ukgDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) throw new RangeError(`not an ISO date: ${isoDate}`);
  const [, year, month, day] = match;
  if (isoDate.length > 10) {
    const at = new Date(isoDate);
    if (Number.isNaN(at.getTime())) throw new RangeError(`not an ISO date: ${isoDate}`);
    const utc = at.toISOString();
    return `${utc.slice(5, 7)}-${utc.slice(8, 10)}-${utc.slice(0, 4)}`;
  }
  return `${month}-${day}-${year}`;
}

export function dateFilterValue(filter: DateFilter): string {
  if ('after' in filter) return `>${ukgDate(filter.after)}`;
  if ('before' in filter) return `<${ukgDate(filter.before)}`;
  if ('on' in filter) return ukgDate(filter.on);
  return `{${ukgDate(filter.from)},${ukgDate(filter.to)}}`;
}

/** UKG's date-times have no offset ("2024-04-16T15:51:52.64"); the tenant's clock is UTC for the APIs. */
export function ukgDateTimeToIso(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  const withZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
  const at = new Date(withZone);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** The date part of a UKG date-time, or null: hire and termination dates are days, not instants. */
export function ukgDay(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  return match?.[1] ?? null;
}
