import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** RFC 6238 with the parameters every authenticator app reads: SHA-1, 6 digits, 30 s. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps of drift accepted either side of now (one step: a code is valid from 30 s before to 30 s after its own period). */
export const TOTP_WINDOW = 1;
export const TOTP_ISSUER = 'SIDH';
export const RECOVERY_CODE_COUNT = 10;

const totpOf = (secret: Secret, label = 'account') =>
  new TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret });

/** A new 160-bit secret (RFC 4226's recommended length), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app scans. */
export function totpUri(secretBase32: string, email: string): string {
  return totpOf(Secret.fromBase32(secretBase32), email).toString();
}

/** The QR code of the URI, as an SVG document drawn on the server (nothing sent elsewhere). */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/**
 * The time step the code belongs to when it is valid within ±TOTP_WINDOW steps of `now`, else
 * null. The caller must then accept the step only if it is later than the last one used.
 */
export function totpStepOf(secretBase32: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(Secret.fromBase32(secretBase32)).validate({ token: code, timestamp: now, window: TOTP_WINDOW });
  if (delta === null) return null;
  return TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: now }) + delta;
}

/** The code of a time step (tests, and the e2e browser test computes its own with otpauth). */
export function totpCodeAt(secretBase32: string, timestamp: number): string {
  return totpOf(Secret.fromBase32(secretBase32)).generate({ timestamp });
}

// --- the secret at rest -----------------------------------------------------------------------

/**
 * TOTP secrets are stored encrypted (AES-256-GCM) with a key derived from JWT_SECRET by HKDF
 * (label `sidh-totp-secret/1`): a copy of the database alone does not give the secrets. Changing
 * JWT_SECRET makes the stored secrets unreadable: every user then enrols again (an administrator
 * resets their two-factor sign-in).
 */
export class TotpSecretBox {
  private readonly key: Buffer;

  constructor(masterSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', masterSecret, 'sidh', 'sidh-totp-secret/1', 32));
  }

  seal(secretBase32: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** The secret, or null when it cannot be read (another key, altered). */
  open(sealed: string): string | null {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || !body || !tag) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

// --- recovery codes ---------------------------------------------------------------------------

/** Without look-alikes (0/O, 1/I/L). */
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Ten codes of 10 characters (~49 bits each), shown as `XXXXX-XXXXX`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Upper-cased, without spaces or dashes: `abcde fghjk` and `ABCDE-FGHJK` are the same code. */
export function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, '');
}

/** Recovery codes are random (not chosen by people): a SHA-256 is enough to store them. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');
}

export function isRecoveryCodeShape(code: string): boolean {
  return /^[A-Z0-9]{10}$/.test(normaliseRecoveryCode(code));
}
