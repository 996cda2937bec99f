import {
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  TEXT_MAX_LENGTH,
} from './validation.js';

describe('validation limits', () => {
  it('has the agreed values and consistent bounds', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
    expect(PAGE_SIZE_MAX).toBe(100);
    expect(PAGE_SIZE_DEFAULT).toBe(20);
    expect(TEXT_MAX_LENGTH).toBe(20000);
    expect(PAGE_SIZE_DEFAULT).toBeLessThanOrEqual(PAGE_SIZE_MAX);
    expect(PASSWORD_MIN_LENGTH).toBeLessThan(PASSWORD_MAX_LENGTH);
  });
});
