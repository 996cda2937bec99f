import { AppException } from '../common/app-exception.js';
import { COMMON_PASSWORDS } from './common-passwords.js';

/**
 * The password policy of every place a password is chosen (invitation acceptance, change, reset),
 * on top of the DTOs' length limits (PASSWORD_MIN_LENGTH..PASSWORD_MAX_LENGTH, @sidh/domain).
 *
 * A password is refused when, compared case-insensitively after Unicode NFKC normalisation and
 * without surrounding spaces, it is a common password of the shipped list (`common-passwords.ts`,
 * Openwall's public-domain password.lst, no download at run time), or one of those with digits or
 * symbols added around it (`Password123456!`, `2024dragon2024`), or one repeated (`qwertyqwerty`),
 * or a single character or a run of consecutive digits/letters (`111111111111`, `123456789012`).
 * Everything else is accepted: length, not composition rules, makes a password strong (NIST SP 800-63B).
 */
const LIST: ReadonlySet<string> = new Set(COMMON_PASSWORDS);

/** Normalised for comparison: NFKC, trimmed, lower-cased. */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC').trim().toLowerCase();
}

/** A run like `123456789012`, `abcdefghijkl`, `987654321098`: each character the previous one ± 1 (digits wrap). */
function isSequence(value: string): boolean {
  if (value.length < 2) return true;
  for (const step of [1, -1]) {
    let ok = true;
    for (let i = 1; i < value.length && ok; i += 1) {
      const a = value.charCodeAt(i - 1);
      const b = value.charCodeAt(i);
      const digits = a >= 48 && a <= 57 && b >= 48 && b <= 57;
      ok = b - a === step || (digits && (b - a + 10) % 10 === (step + 10) % 10);
    }
    if (ok) return true;
  }
  return false;
}

/** `value` is `unit` repeated at least twice, for some unit of the list (or a sequence). */
function isRepetitionOfCommon(value: string): boolean {
  for (let size = 1; size <= value.length / 2; size += 1) {
    if (value.length % size !== 0) continue;
    const unit = value.slice(0, size);
    if (unit.repeat(value.length / size) === value && (size <= 2 || LIST.has(unit) || isSequence(unit))) return true;
  }
  return false;
}

/** True when the password is common, breached, or a trivial variant of one (see the module comment). */
export function isCommonPassword(password: string): boolean {
  const value = normalisePassword(password);
  if (LIST.has(value) || isSequence(value) || isRepetitionOfCommon(value)) return true;
  // A listed password with digits or symbols before or after it.
  const core = value.replace(/^[^\p{L}]+/u, '').replace(/[^\p{L}]+$/u, '');
  if (core !== value && core.length >= 3 && (LIST.has(core) || isRepetitionOfCommon(core))) return true;
  // The letters alone (`Dragon!Dragon`, `pass-word-2024`): a listed password or one repeated.
  const letters = value.replace(/[^\p{L}]+/gu, '');
  if (letters !== value && letters.length >= 4 && (LIST.has(letters) || isRepetitionOfCommon(letters))) return true;
  // Only digits and symbols: a date, a phone-like run, a keyboard row of digits.
  const digits = value.replace(/[^\p{L}\p{N}]+/gu, '');
  return /^\d+$/.test(digits) && (LIST.has(digits) || isSequence(digits) || isRepetitionOfCommon(digits));
}

/** 400 validation.failed naming the field (`validation.passwordCommon`) when the password is refused; nothing is written. */
export function assertAcceptablePassword(password: string, field = 'password'): void {
  if (isCommonPassword(password)) throw AppException.validation({ [field]: 'validation.passwordCommon' });
}
