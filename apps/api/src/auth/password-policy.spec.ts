import { COMMON_PASSWORDS } from './common-passwords.js';
import { isCommonPassword } from './password-policy.js';

describe('the common-password policy', () => {
  it('ships the list, most common first, normalised', () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThan(3000);
    expect(COMMON_PASSWORDS.slice(0, 3)).toEqual(['123456', '12345', 'password']);
    expect(COMMON_PASSWORDS.every((p) => p === p.normalize('NFKC').trim().toLowerCase())).toBe(true);
  });

  it.each(['password123456', 'Password1234!', 'PASSWORDPASSWORD', 'qwertyqwerty', 'iloveyou2024!!', '123456789012', '111111111111', 'abcdefghijkl', '  Dragon123456  ', 'monkey!!!!!!', 'letmein12345', 'trustno1trustno1', 'Ｐａｓｓｗｏｒｄ１２３４', 'Dragon!Dragon', 'pass-word-2024'])(
    'refuses %s (listed, case-insensitive, with digits or symbols around it, repeated or a run)',
    (password) => expect(isCommonPassword(password)).toBe(true),
  );

  it('refuses every one of the first 200 entries, lower or upper case', () => {
    for (const entry of COMMON_PASSWORDS.slice(0, 200)) {
      expect(isCommonPassword(entry)).toBe(true);
      expect(isCommonPassword(entry.toUpperCase())).toBe(true);
    }
  });

  it.each(['correct horse battery staple', 'Ministère-Justice-Rapport-2026', 'تقرير حقوق الإنسان السنوي', 'factory-password-0123', 'Tz8#qL2m!vR9wK'])('accepts %s', (password) =>
    expect(isCommonPassword(password)).toBe(false),
  );
});
