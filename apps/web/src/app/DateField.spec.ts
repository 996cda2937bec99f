import { dateOrder, formatIsoDate, parseLocalDate } from './DateField';

describe('dates as the UI language writes them', () => {
  it('French and Arabic (Morocco) put the day first, American English the month', () => {
    expect(dateOrder('fr-MA')).toEqual(['day', 'month', 'year']);
    expect(dateOrder('ar-MA')).toEqual(['day', 'month', 'year']);
    expect(dateOrder('en-US')).toEqual(['month', 'day', 'year']);
  });

  it('shows an ISO date as 31/03/2027 in French and Arabic', () => {
    expect(formatIsoDate('2027-03-31', 'fr-MA')).toBe('31/03/2027');
    expect(formatIsoDate('2027-03-31', 'ar-MA')).toBe('31/03/2027');
    expect(formatIsoDate('', 'fr-MA')).toBe('');
  });

  it('reads what is typed in the locale’s order, with any separator, Arabic-Indic digits, or ISO', () => {
    expect(parseLocalDate('31/03/2027', 'fr-MA')).toBe('2027-03-31');
    expect(parseLocalDate('1.4.2027', 'fr-MA')).toBe('2027-04-01');
    expect(parseLocalDate('٣١/٠٣/٢٠٢٧', 'ar-MA')).toBe('2027-03-31');
    expect(parseLocalDate('03/31/2027', 'en-US')).toBe('2027-03-31');
    expect(parseLocalDate('2027-03-31', 'fr-MA')).toBe('2027-03-31');
  });

  it('refuses what is not a real date', () => {
    expect(parseLocalDate('31/02/2027', 'fr-MA')).toBeNull();
    expect(parseLocalDate('03/31/2027', 'fr-MA')).toBeNull();
    expect(parseLocalDate('31/03/27', 'fr-MA')).toBeNull();
    expect(parseLocalDate('demain', 'fr-MA')).toBeNull();
  });
});

describe('dates right to left', () => {
  it('keeps the day on the right in Arabic (a right-to-left mark after each number), and reads it back', () => {
    const shown = formatIsoDate('2027-03-31', 'ar-MA', 'rtl');
    expect(shown).toBe('31\u200F/03\u200F/2027');
    expect(parseLocalDate(shown, 'ar-MA')).toBe('2027-03-31');
  });
});
