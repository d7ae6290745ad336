import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BusinessCalendar } from '../../lib/schedule/business-days';
import { formatIsoDate, parseIsoDate } from '../../lib/schedule/civil-date';

const calendar = new BusinessCalendar(['sat', 'sun'], ['2026-12-25', '2026-12-28']);
const adjust = (iso: string, rule: 'previous' | 'next' | 'none') => formatIsoDate(calendar.adjust(parseIsoDate(iso), rule));
const shift = (iso: string, days: number, unit: 'business' | 'calendar', direction: 'after' | 'before') =>
  formatIsoDate(calendar.shift(parseIsoDate(iso), { days, unit, direction }));

describe('business days', () => {
  it('moves a weekend pay date to the previous or next business day, or leaves it', () => {
    assert.equal(adjust('2026-11-14', 'previous'), '2026-11-13'); // Saturday → Friday
    assert.equal(adjust('2026-11-15', 'next'), '2026-11-16'); // Sunday → Monday
    assert.equal(adjust('2026-11-15', 'none'), '2026-11-15');
    assert.equal(adjust('2026-11-13', 'next'), '2026-11-13'); // already a business day
  });

  it('moves a holiday pay date past the holiday and the weekend behind it', () => {
    assert.equal(adjust('2026-12-25', 'previous'), '2026-12-24');
    assert.equal(adjust('2026-12-25', 'next'), '2026-12-29'); // Fri holiday, weekend, Mon holiday
  });

  it('counts business days across weekends and holidays, both ways', () => {
    assert.equal(shift('2026-11-13', 1, 'business', 'after'), '2026-11-16'); // Fri + 1 → Mon
    assert.equal(shift('2026-12-24', 1, 'business', 'after'), '2026-12-29');
    assert.equal(shift('2026-12-24', 3, 'business', 'after'), '2026-12-31');
    assert.equal(shift('2026-12-29', 2, 'business', 'before'), '2026-12-23');
    assert.equal(shift('2026-11-16', 0, 'business', 'after'), '2026-11-16');
  });

  it('counts from a non-business day: 1 business day after Saturday is Monday', () => {
    assert.equal(shift('2026-11-14', 1, 'business', 'after'), '2026-11-16');
    assert.equal(shift('2026-11-14', 0, 'business', 'after'), '2026-11-14');
  });

  it('counts calendar days without regard to weekends', () => {
    assert.equal(shift('2026-11-13', 1, 'calendar', 'after'), '2026-11-14');
    assert.equal(shift('2027-01-01', 3, 'calendar', 'before'), '2026-12-29');
  });

  it('supports other weekends (Friday and Saturday)', () => {
    const gulf = new BusinessCalendar(['fri', 'sat'], []);
    assert.equal(formatIsoDate(gulf.adjust(parseIsoDate('2026-11-13'), 'previous')), '2026-11-12');
    assert.equal(gulf.isBusinessDay(parseIsoDate('2026-11-15')), true);
  });
});
