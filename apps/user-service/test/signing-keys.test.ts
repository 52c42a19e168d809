import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@shopwire/service-kit';
import { decodeProtectedHeader, importJWK, SignJWT } from 'jose';
import { generatePrivateJwk, loadSigningKeys } from '../src/keys/signing-keys';
import { bearer, newAccount, startUserService } from './support/user-service';

describe('signing keys', () => {
  it('when several keys are configured, then the first signs, all are published without private parts, and tokens of the others still verify', async () => {
    const [next, retiring] = [await generatePrivateJwk(), await generatePrivateJwk()];
    const service = await startUserService({ JWT_PRIVATE_KEYS: JSON.stringify([next, retiring]) });
    try {
      const jwks = (await service.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
      expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual([next.kid, retiring.kid]);
      for (const key of jwks.keys) expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);

      const account = await newAccount(service.app);
      expect(decodeProtectedHeader(account.accessToken).kid).toBe(next.kid);
      const oldToken = await new SignJWT({ roles: ['customer'] })
        .setProtectedHeader({ alg: 'EdDSA', kid: String(retiring.kid) })
        .setSubject(account.id)
        .setIssuer('shopwire')
        .setAudience('shopwire-api')
        .setExpirationTime('5m')
        .sign(await importJWK(retiring, 'EdDSA'));
      expect(
        (await service.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(oldToken) })).statusCode,
      ).toBe(200);
    } finally {
      await service.close();
    }
  });

  it('when no key is configured, then one is generated into JWT_KEYS_DIR and the next start signs with the same one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopwire-keys-'));
    try {
      const [first, second] = await Promise.all([
        loadSigningKeys({ JWT_KEYS_DIR: dir }),
        loadSigningKeys({ JWT_KEYS_DIR: dir }),
      ]);
      const third = await loadSigningKeys({ JWT_KEYS_DIR: dir });
      expect(second.current.kid).toBe(first.current.kid);
      expect(third.publicSet).toEqual(first.publicSet);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['not JSON', 'nope'],
    ['an empty list', '[]'],
    [
      'a public key only',
      JSON.stringify([{ kty: 'OKP', crv: 'Ed25519', x: 'GFXMaSPKw8hh96gnw3_gdgyPyIRGGoNdEZ04ZQMGLCg' }]),
    ],
    ['a symmetric key', JSON.stringify([{ kty: 'oct', k: 'c2VjcmV0', d: 'x' }])],
  ])('when JWT_PRIVATE_KEYS is %s, then start-up fails naming the variable', async (_case, value) => {
    const attempt = loadSigningKeys({ JWT_PRIVATE_KEYS: value, JWT_KEYS_DIR: '/nonexistent' });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/JWT_PRIVATE_KEYS/);
  });
});
