import argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): strong, and cheap enough for two shared cores.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

let decoy: Promise<string> | undefined;

/**
 * Checks a password; without a stored hash it checks against a decoy, so an unknown email costs as much time as a
 * wrong password and the answer time does not tell which it was.
 */
export async function passwordMatches(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    decoy ??= argon2.hash('decoy-password-never-matches', OPTIONS);
    await argon2.verify(await decoy, password);
    return false;
  }
  return argon2.verify(storedHash, password);
}
