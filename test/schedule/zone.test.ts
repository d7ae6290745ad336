import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalTimeZone, formatInZone, instantOfWallTime, isValidTimeZone, offsetAt, wallTimeOf } from '../../lib/schedule/zone';

const wall = (iso: string): number => Date.parse(`${iso}Z`);
const instant = (iso: string, zone: string): string => instantOfWallTime(wall(iso), zone).toISOString();

describe('zone arithmetic', () => {
  it('reads 06:00 Europe/Berlin as 05:00Z in winter and 04:00Z in summer', () => {
    assert.equal(instant('2026-01-15T06:00:00', 'Europe/Berlin'), '2026-01-15T05:00:00.000Z');
    assert.equal(instant('2026-07-15T06:00:00', 'Europe/Berlin'), '2026-07-15T04:00:00.000Z');
  });

  it('runs a wall time skipped by spring-forward at the end of the gap', () => {
    // Berlin jumps from 02:00 CET to 03:00 CEST at 01:00Z; New York from 02:00 EST to 03:00 EDT at 07:00Z.
    assert.equal(instant('2026-03-29T02:30:00', 'Europe/Berlin'), '2026-03-29T01:00:00.000Z');
    assert.equal(instant('2026-03-29T02:00:00', 'Europe/Berlin'), '2026-03-29T01:00:00.000Z');
    assert.equal(instant('2026-03-08T02:30:00', 'America/New_York'), '2026-03-08T07:00:00.000Z');
  });

  it('takes the first of two occurrences of a wall time on a fall-back day', () => {
    assert.equal(instant('2026-10-25T02:30:00', 'Europe/Berlin'), '2026-10-25T00:30:00.000Z');
    assert.equal(instant('2026-11-01T01:30:00', 'America/New_York'), '2026-11-01T05:30:00.000Z');
  });

  it('handles a half-hour DST shift (Lord Howe Island)', () => {
    assert.equal(instant('2026-10-04T02:15:00', 'Australia/Lord_Howe'), '2026-10-03T15:30:00.000Z');
  });

  it('reads wall time and offset at an instant, keeping milliseconds', () => {
    assert.equal(new Date(wallTimeOf(Date.parse('2026-07-01T10:00:00.250Z'), 'America/New_York')).toISOString(), '2026-07-01T06:00:00.250Z');
    assert.equal(offsetAt(Date.parse('2026-01-01T00:00:00Z'), 'Asia/Kolkata'), 5.5 * 3_600_000);
  });

  it('formats an instant on the zone\'s clock with its abbreviation', () => {
    assert.equal(formatInZone(new Date('2026-11-30T05:00:00Z'), 'Europe/Berlin'), '2026-11-30 06:00 CET');
    assert.equal(formatInZone(new Date('2026-07-01T04:00:00Z'), 'Europe/Berlin'), '2026-07-01 06:00 CEST');
    assert.equal(formatInZone(new Date('2026-11-30T11:00:00Z'), 'America/New_York'), '2026-11-30 06:00 EST');
    assert.equal(formatInZone(new Date('2026-11-30T11:00:05Z'), 'UTC'), '2026-11-30 11:00:05 UTC');
  });

  it('knows IANA zones and canonicalises their names', () => {
    assert.equal(isValidTimeZone('Europe/Berlin'), true);
    assert.equal(isValidTimeZone('Mars/Olympus_Mons'), false);
    assert.equal(isValidTimeZone(''), false);
    assert.equal(canonicalTimeZone('europe/berlin'), 'Europe/Berlin');
  });
});
