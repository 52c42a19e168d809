import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';

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
