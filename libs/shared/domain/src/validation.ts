/** Input limits shared by API validation (DTOs) and SPA forms, so the UI rejects what the server would. */

/** NIST SP 800-63B favours length over composition rules. */
export const PASSWORD_MIN_LENGTH = 12;
/** Bounded to keep password hashing cost predictable. */
export const PASSWORD_MAX_LENGTH = 128;
export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 20;
/** Long free-text fields (recommendation text, contribution narrative). */
export const TEXT_MAX_LENGTH = 20000;
