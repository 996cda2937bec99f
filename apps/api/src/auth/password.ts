import { argon2id, hash, verify, type HashOptions } from 'argon2';

/** Argon2id, pinned (OWASP minimum m=19 MiB, t=2, p=1); a test asserts the stored PHC string. */
export const ARGON2_OPTIONS: HashOptions & { raw?: false } = {
  type: argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2_OPTIONS);

/** A hash of a random password: verified when the account does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword('no-such-account-' + Math.random().toString(36));
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
