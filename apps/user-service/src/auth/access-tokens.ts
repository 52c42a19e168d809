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
export function signAccessToken(settings: AccessTokenSettings, user: { id: string; roles: string[] }): Promise<string> {
  const { current } = settings.keys;
  return new SignJWT({ roles: user.roles })
    .setProtectedHeader({ alg: current.alg, kid: current.kid, typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(`${settings.ttlSeconds}s`)
    .sign(current.privateKey);
}
