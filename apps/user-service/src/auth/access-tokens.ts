import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKeys } from '../keys/signing-keys';

export interface AccessTokenSettings {
  keys: SigningKeys;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** A short-lived JWT the gateway and every service verify against the published key set. */
export function signAccessToken(
  settings: AccessTokenSettings,
  user: { id: string; roles: string[]; accessVersion: number },
): Promise<string> {
  const { current } = settings.keys;
  // `av`: the account's access version, so a later change of roles can refuse this token everywhere.
  return new SignJWT({ roles: user.roles, av: user.accessVersion })
    .setProtectedHeader({ alg: current.alg, kid: current.kid, typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(`${settings.ttlSeconds}s`)
    .sign(current.privateKey);
}
