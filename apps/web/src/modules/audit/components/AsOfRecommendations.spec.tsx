import { instantOf, localParts } from './AsOfRecommendations';

describe('the as-of instant fields', () => {
  it('a local date and time give the instant back, to the second', () => {
    const at = new Date(2026, 10, 27, 16, 45, 27);
    const { date, time } = localParts(at.toISOString());
    expect({ date, time }).toEqual({ date: '2026-11-27', time: '16:45:27' });
    expect(instantOf(date, time)).toBe(at.toISOString());
  });

  it('hours and minutes alone are the start of that minute; no time is the end of the day', () => {
    expect(instantOf('2026-11-27', '09:05')).toBe(new Date(2026, 10, 27, 9, 5, 0).toISOString());
    expect(instantOf('2026-11-27', '')).toBe(new Date(2026, 10, 27, 23, 59, 59).toISOString());
  });

  it('an incomplete date or a time that is not on 24 hours names no instant', () => {
    expect(instantOf('', '10:00')).toBeNull();
    expect(instantOf('2026-11-27', '4:45 PM')).toBeNull();
    expect(instantOf('2026-11-27', '24:00')).toBeNull();
  });
});
