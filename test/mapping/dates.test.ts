import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileDateFormatter, compileDateParser } from '../../lib/mapping/dates';

function convert(value: unknown, input: string, output = 'YYYY-MM-DD'): string | null {
  const date = compileDateParser(input)(value);
  return date ? compileDateFormatter(output)(date) : null;
}

describe('date formats', () => {
  it('parses patterns with one- or two-digit months and days', () => {
    assert.equal(convert('11/15/2026', 'MM/DD/YYYY'), '2026-11-15');
    assert.equal(convert('3/5/2026', 'MM/DD/YYYY'), '2026-03-05');
    assert.equal(convert('15.11.2026', 'DD.MM.YYYY'), '2026-11-15');
    assert.equal(convert(' 2026-11-15 ', 'YYYY-MM-DD'), '2026-11-15');
    assert.equal(convert('15-Nov-2026', 'DD-MMM-YYYY'), '2026-11-15');
    assert.equal(convert('20261115', 'YYYYMMDD'), '2026-11-15');
  });

  it('rejects impossible dates and text that does not fit the pattern', () => {
    assert.equal(convert('2026-02-30', 'YYYY-MM-DD'), null);
    assert.equal(convert('2026-13-01', 'YYYY-MM-DD'), null);
    assert.equal(convert('2026-04-31', 'YYYY-MM-DD'), null);
    assert.equal(convert('2026-02-29', 'YYYY-MM-DD'), null);
    assert.equal(convert('2024-02-29', 'YYYY-MM-DD'), '2024-02-29');
    assert.equal(convert('1900-02-29', 'YYYY-MM-DD'), null);
    assert.equal(convert('2000-02-29', 'YYYY-MM-DD'), '2000-02-29');
    assert.equal(convert('11/15/2026', 'YYYY-MM-DD'), null);
    assert.equal(convert('15-Foo-2026', 'DD-MMM-YYYY'), null);
    assert.equal(convert(20261115, 'YYYYMMDD'), null);
    assert.equal(convert('2026-11-15 25:00', 'YYYY-MM-DD HH:mm'), null);
  });

  it('reads ISO dates and date-times, with or without an offset', () => {
    assert.equal(convert('2026-11-15', 'ISO'), '2026-11-15');
    assert.equal(convert('2026-11-15T23:30:00-05:00', 'ISO'), '2026-11-15', 'the date as written, no time-zone shift');
    assert.equal(convert('2026-11-15T23:30:00-05:00', 'ISO', 'ISO'), '2026-11-16T04:30:00.000Z');
    assert.equal(convert('2026-11-15T10:00:00.5Z', 'ISO', 'ISO'), '2026-11-15T10:00:00.500Z');
    assert.equal(convert('2026-11-15 10:00', 'ISO', 'ISO'), '2026-11-15T10:00:00.000Z', 'no offset is taken as UTC');
    assert.equal(convert('2026-02-30T00:00:00Z', 'ISO'), null);
    assert.equal(convert('yesterday', 'ISO'), null);
  });

  it('reads epoch milliseconds and seconds, as numbers or digit strings', () => {
    const ms = Date.UTC(2026, 10, 15, 12, 0, 0);
    assert.equal(convert(ms, 'epoch-ms', 'ISO'), '2026-11-15T12:00:00.000Z');
    assert.equal(convert(String(ms), 'epoch-ms'), '2026-11-15');
    assert.equal(convert(ms / 1000, 'epoch-s', 'ISO'), '2026-11-15T12:00:00.000Z');
    assert.equal(convert('12:00', 'epoch-ms'), null);
    assert.equal(convert(Number.NaN, 'epoch-ms'), null);
  });

  it('accepts Date objects whatever the input format', () => {
    assert.equal(convert(new Date(Date.UTC(2026, 10, 15)), 'MM/DD/YYYY'), '2026-11-15');
    assert.equal(convert(new Date('nonsense'), 'ISO'), null);
  });

  it('writes output patterns, with [literal] text', () => {
    assert.equal(convert('2026-03-05T07:08:09.010Z', 'ISO', 'DD/MM/YYYY HH:mm:ss.SSS'), '05/03/2026 07:08:09.010');
    assert.equal(convert('2026-03-05', 'ISO', 'M/D/YYYY'), '3/5/2026');
    assert.equal(convert('2026-03-05', 'ISO', 'YYYY-MM-DD[T]HH:mm'), '2026-03-05T00:00');
    assert.equal(convert('2026-03-05', 'ISO', 'DD MMM YYYY'), '05 Mar 2026');
  });

  it('refuses patterns that cannot describe a date', () => {
    assert.throws(() => compileDateParser('MM/DD'), /needs a year/);
    assert.throws(() => compileDateParser('YYYY-MM-DD-DD'), /repeats a token/);
    assert.throws(() => compileDateParser('YYYY-MM-DD[T'), /unclosed/);
  });
});
