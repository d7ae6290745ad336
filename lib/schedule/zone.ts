// Wall-clock arithmetic in IANA time zones with nothing but Intl (Node ships full ICU).
//
// A "wall time" is the reading of a clock on the wall in the zone, held as milliseconds since the
// epoch as if that reading were UTC. Turning a wall time into an instant is where DST bites, and the
// policy is the one the schedule documents:
//   - a wall time skipped by a spring-forward change runs at the first valid moment after the gap
//     (02:30 on the day Berlin jumps from 02:00 to 03:00 runs at 03:00 CEST);
//   - a wall time that happens twice on a fall-back day runs once, at its first occurrence
//     (02:30 on the day Berlin falls back runs at 02:30 CEST, not again at 02:30 CET).
import { MS_PER_DAY } from './civil-date';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The zone's canonical name ("europe/berlin" → "Europe/Berlin"), or undefined if Intl does not know it. */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!zone.trim()) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone.trim() }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function isValidTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== undefined;
}

/** The wall time in `zone` at an instant (milliseconds kept). */
export function wallTimeOf(instantMs: number, zone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(whole))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const utc = Date.UTC(fields['year'] ?? 1970, (fields['month'] ?? 1) - 1, fields['day'] ?? 1, fields['hour'] ?? 0, fields['minute'] ?? 0, fields['second'] ?? 0);
  return utc + (instantMs - whole);
}

/** The zone's offset from UTC at an instant, in milliseconds (Berlin in winter: +3 600 000). */
export function offsetAt(instantMs: number, zone: string): number {
  return wallTimeOf(instantMs, zone) - instantMs;
}

/** The instant a wall time in `zone` names, with the gap and overlap policy described above. */
export function instantOfWallTime(wallMs: number, zone: string): Date {
  const offsets = new Set([offsetAt(wallMs - MS_PER_DAY, zone), offsetAt(wallMs, zone), offsetAt(wallMs + MS_PER_DAY, zone)]);
  const matches = [...offsets].map((offset) => wallMs - offset).filter((instant) => wallTimeOf(instant, zone) === wallMs);
  if (matches.length > 0) return new Date(Math.min(...matches));
  return new Date(endOfGap(wallMs, zone, Math.min(...offsets), Math.max(...offsets)));
}

/**
 * The first instant after the transition that skipped `wallMs`. Read with the larger (later) offset
 * the wall time names an instant still before the change; with the smaller one, an instant after it.
 */
function endOfGap(wallMs: number, zone: string, smallerOffset: number, largerOffset: number): number {
  let before = wallMs - largerOffset;
  let after = wallMs - smallerOffset;
  const offsetBefore = offsetAt(before, zone);
  // Transitions fall on whole seconds; search between the two in seconds.
  while (after - before > 1000) {
    const middle = before + Math.floor((after - before) / 2000) * 1000;
    if (offsetAt(middle, zone) === offsetBefore) before = middle;
    else after = middle;
  }
  return after;
}

/** "CET", "CEST", "EST"… where Intl has a name for it, else "GMT+5:30" style. */
export function zoneAbbreviation(instant: Date, zone: string): string {
  let fallback = '';
  for (const locale of ['en-US', 'en-GB']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value;
    if (!name) continue;
    if (!/^(GMT|UTC)[+-−]/.test(name)) return name;
    fallback ||= name;
  }
  return fallback || zone;
}

/** "2026-11-30 06:00 CET" (seconds only when they are not zero). */
export function formatInZone(instant: Date, zone: string): string {
  const wall = new Date(wallTimeOf(instant.getTime(), zone)).toISOString();
  const time = wall.slice(17, 19) === '00' ? wall.slice(11, 16) : wall.slice(11, 19);
  return `${wall.slice(0, 10)} ${time} ${zoneAbbreviation(instant, zone)}`;
}
