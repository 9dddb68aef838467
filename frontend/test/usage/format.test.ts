/** Number and day formatting on the usage page (en-US and de-DE, to see the locale at work). */
import { describe, expect, it } from 'vitest';
import { formatCompact, formatCount, formatDay, formatDayRange, formatHeadroom, formatPercent, formatUsd, formatUsdAxis } from '../../src/features/usage/format';

describe('counts', () => {
  it('thousands separators in the reader’s locale', () => {
    expect(formatCount(0, 'en-US')).toBe('0');
    expect(formatCount(1234567, 'en-US')).toBe('1,234,567');
    expect(formatCount(1234567, 'de-DE')).toBe('1.234.567');
    expect(formatCompact(12_300, 'en-US')).toBe('12.3K');
  });

  it('headroom as reported, fractions kept, none as a dash', () => {
    expect(formatHeadroom(1980.5, 'en-US')).toBe('1,980.5');
    expect(formatHeadroom(0, 'en-US')).toBe('0');
    expect(formatHeadroom(null, 'en-US')).toBe('—');
  });

  it('a share as a percentage', () => {
    expect(formatPercent(0.0123, 'en-US')).toBe('1.2%');
    expect(formatPercent(0.0004, 'en-US')).toBe('0.04%');
  });
});

describe('costs', () => {
  it('2 decimals at least, up to 4 as needed', () => {
    expect(formatUsd(1.5, 'en-US')).toBe('$1.50');
    expect(formatUsd(12, 'en-US')).toBe('$12.00');
    expect(formatUsd(0.0023, 'en-US')).toBe('$0.0023');
    expect(formatUsd(0.012, 'en-US')).toBe('$0.012');
    expect(formatUsd(0.123456, 'en-US')).toBe('$0.1235');
    expect(formatUsd(1234.5, 'en-US')).toBe('$1,234.50');
    expect(formatUsd(0, 'en-US')).toBe('$0.00');
    // "$" in every locale (the page says US dollars), not "US$" or "$US".
    expect(formatUsd(0.0067, 'en-GB')).toBe('$0.0067');
    expect(formatUsd(1234.5, 'de-DE').replace(/\s/g, ' ')).toBe('1.234,50 $');
  });

  it('never a misleading $0.00 for a tiny cost; a dash when none was recorded', () => {
    expect(formatUsd(0.00004, 'en-US')).toBe('<$0.0001');
    expect(formatUsd(null, 'en-US')).toBe('—');
  });

  it('axis labels with the decimals the step needs', () => {
    expect(formatUsdAxis(2, 1, 'en-US')).toBe('$2');
    expect(formatUsdAxis(0.5, 0.5, 'en-US')).toBe('$0.5');
    expect(formatUsdAxis(0.02, 0.01, 'en-US')).toBe('$0.02');
    expect(formatUsdAxis(0.0025, 0.0005, 'en-US')).toBe('$0.0025');
    expect(formatUsdAxis(0, 0.005, 'en-US')).toBe('$0');
  });
});

describe('UTC days', () => {
  it('a UTC day stays that date in every time zone, in the reader’s locale', () => {
    // Formatted in UTC: 1 Dec is 1 Dec whatever the machine's zone.
    expect(formatDay('2026-12-01', 'axis', { locale: 'en-US' })).toBe('Dec 1');
    expect(formatDay('2026-12-01', 'axis', { locale: 'en-GB' })).toBe('1 Dec');
    expect(formatDay('2026-12-01', 'row', { locale: 'en-US' })).toBe('Tue, Dec 1');
    expect(formatDay('2026-12-01', 'row', { locale: 'en-US', withYear: true })).toBe('Tue, Dec 1, 2026');
    expect(formatDay('2026-12-01', 'long', { locale: 'de-DE' })).toBe('Dienstag, 1. Dezember 2026');
  });

  it('a range as one phrase', () => {
    // ICU puts thin spaces around the dash.
    expect(formatDayRange('2026-11-02', '2026-12-01', 'en-GB').replace(/\s/g, ' ')).toBe('2 Nov – 1 Dec 2026');
    expect(formatDayRange('2026-12-01', '2026-12-01', 'en-GB')).toBe('1 Dec 2026');
  });
});
