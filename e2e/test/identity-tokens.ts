import { badTokens, type TokenSigner } from '@shopwire/testing';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

export const ISSUER = 'shopwire';
export const AUDIENCE = 'shopwire-api';

/** A private Ed25519 JWK with a kid, in the shape JWT_PRIVATE_KEYS takes. */
export async function newSigningKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid };
}

export interface Claims {
  sub: string;
  roles?: string[];
  iss?: string;
  aud?: string;
  exp?: number | string;
  kid?: string;
}

/** Signs with a key the test holds (the service's own key, so only the claims make the token wrong). */
export async function sign(key: JWK, claims: Claims): Promise<string> {
  return new SignJWT({ roles: claims.roles ?? ['customer'] })
    .setProtectedHeader({ alg: 'EdDSA', kid: claims.kid ?? String(key.kid), typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? '10m')
    .sign(await importJWK(key, 'EdDSA'));
}

/** Every way a token can be wrong that the spec names (badTokens), each built from a genuine token of `key` for `sub`. */
export function forgedTokens(
  key: JWK,
  publicJwks: { keys: JWK[] },
  sub: string,
): Array<[string, () => Promise<string>]> {
  const signer: TokenSigner = {
    issuer: ISSUER,
    audience: AUDIENCE,
    sign: (claims) =>
      sign(key, {
        sub: claims.sub,
        roles: claims.roles,
        iss: claims.issuer,
        aud: claims.audience,
        exp: claims.expiresIn,
        kid: claims.kid,
      }),
    publicJwks: async () => publicJwks,
  };
  return badTokens(() => signer, sub);
}
