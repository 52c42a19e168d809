import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { base64url, exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';

export interface TestTokenClaims {
  sub: string;
  roles?: string[];
  issuer?: string;
  audience?: string;
  expiresIn?: string | number;
  kid?: string;
  /** The `av` claim (the account's access version); absent unless given. */
  accessVersion?: number;
}

export interface TestIssuer {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** A signed access token, valid unless the claims say otherwise. */
  sign(claims: TestTokenClaims): Promise<string>;
  /** Adds a key to the published set and signs with it from then on. */
  rotate(): Promise<string>;
  close(): Promise<void>;
}

/** A stand-in for user-service's key set: an EdDSA key served as a JWKS on a local port, for services' tests. */
export async function startTestIssuer(opts: { issuer?: string; audience?: string } = {}): Promise<TestIssuer> {
  const issuer = opts.issuer ?? 'shopwire';
  const audience = opts.audience ?? 'shopwire-api';
  const keys: Array<{ kid: string; privateKey: CryptoKey; jwk: JWK }> = [];
  const addKey = async (): Promise<string> => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const kid = randomUUID();
    keys.push({ kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' } });
    return kid;
  };
  await addKey();
  const server: Server = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    issuer,
    audience,
    async sign(claims) {
      const key = keys.find((k) => k.kid === claims.kid) ?? keys[keys.length - 1]!;
      return new SignJWT({
        roles: claims.roles ?? ['customer'],
        ...(claims.accessVersion === undefined ? {} : { av: claims.accessVersion }),
      })
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer(claims.issuer ?? issuer)
        .setAudience(claims.audience ?? audience)
        .setIssuedAt()
        .setExpirationTime(claims.expiresIn ?? '15m')
        .sign(key.privateKey);
    },
    rotate: addKey,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What makes genuine tokens: the test issuer, or a test holding the private key that a real service signs with. */
export interface TokenSigner {
  issuer: string;
  audience: string;
  /** A genuine token with these claims. */
  sign(claims: TestTokenClaims): Promise<string>;
  /** The key set the verifier reads. */
  publicJwks(): Promise<{ keys: JWK[] }>;
}

/** The test issuer as a TokenSigner. */
export const issuerSigner = (issuer: TestIssuer): TokenSigner => ({
  issuer: issuer.issuer,
  audience: issuer.audience,
  sign: (claims) => issuer.sign(claims),
  publicJwks: async () => (await (await fetch(issuer.jwksUrl)).json()) as { keys: JWK[] },
});

const decodePart = (part: string | undefined): Record<string, unknown> =>
  JSON.parse(new TextDecoder().decode(base64url.decode(part ?? '')));
const encodePart = (value: Record<string, unknown>): string => base64url.encode(JSON.stringify(value));

/**
 * Every way an access token can be wrong that the spec names, each made for `sub` from what `signer()` signs (read
 * when a token is made, so a signer started in beforeAll will do): `[name, make]` rows for `it.each`, every one
 * to be refused by a verifier of the signer's tokens.
 */
export function badTokens(signer: () => TokenSigner, sub: string): Array<[string, () => Promise<string>]> {
  return [
    [
      'alg none',
      async () => {
        const [header, payload] = (await signer().sign({ sub, roles: ['admin'] })).split('.');
        return `${encodePart({ ...decodePart(header), alg: 'none' })}.${payload}.`;
      },
    ],
    [
      'HS256 signed with the public key',
      async () => {
        const { issuer, audience, publicJwks } = signer();
        const publicKey = (await publicJwks()).keys[0] ?? {};
        return new SignJWT({ roles: ['admin'] })
          .setProtectedHeader({ alg: 'HS256', kid: String(publicKey.kid) })
          .setSubject(sub)
          .setIssuer(issuer)
          .setAudience(audience)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(JSON.stringify(publicKey)));
      },
    ],
    [
      'a tampered payload',
      async () => {
        const [header, payload, signature] = (await signer().sign({ sub })).split('.');
        return `${header}.${encodePart({ ...decodePart(payload), roles: ['customer', 'admin'] })}.${signature}`;
      },
    ],
    ['an expiry in the past', () => signer().sign({ sub, expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ['a wrong issuer', () => signer().sign({ sub, issuer: 'someone-else' })],
    ['a wrong audience', () => signer().sign({ sub, audience: 'another-api' })],
    [
      'an unknown kid',
      async () => {
        const [, payload, signature] = (await signer().sign({ sub })).split('.');
        return `${encodePart({ alg: 'EdDSA', kid: 'no-such-key' })}.${payload}.${signature}`;
      },
    ],
  ];
}
