import { base64url, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

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

const decodePart = (part: string | undefined): Record<string, unknown> =>
  JSON.parse(new TextDecoder().decode(base64url.decode(part ?? '')));

/** Every way a token can be wrong that the spec names, each built from a genuine token of `key` for `sub`. */
export function forgedTokens(
  key: JWK,
  publicJwks: { keys: JWK[] },
  sub: string,
): Array<[string, () => Promise<string>]> {
  return [
    [
      'alg none',
      async () => {
        const [header, payload] = (await sign(key, { sub, roles: ['admin'] })).split('.');
        return `${base64url.encode(JSON.stringify({ ...decodePart(header), alg: 'none' }))}.${payload}.`;
      },
    ],
    [
      'HS256 signed with the public key',
      async () => {
        const publicKey = publicJwks.keys[0] ?? {};
        return new SignJWT({ roles: ['admin'] })
          .setProtectedHeader({ alg: 'HS256', kid: String(publicKey.kid) })
          .setSubject(sub)
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(JSON.stringify(publicKey)));
      },
    ],
    [
      'a tampered payload',
      async () => {
        const [header, payload, signature] = (await sign(key, { sub })).split('.');
        return `${header}.${base64url.encode(JSON.stringify({ ...decodePart(payload), roles: ['customer', 'admin'] }))}.${signature}`;
      },
    ],
    ['an expiry in the past', () => sign(key, { sub, exp: Math.floor(Date.now() / 1000) - 30 })],
    ['a wrong issuer', () => sign(key, { sub, iss: 'someone-else' })],
    ['a wrong audience', () => sign(key, { sub, aud: 'another-api' })],
    ['an unknown kid', () => sign(key, { sub, kid: 'no-such-key' })],
  ];
}
