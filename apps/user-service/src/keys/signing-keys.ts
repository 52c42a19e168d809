import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { ConfigError } from '@shopwire/service-kit';

export interface SigningKey {
  kid: string;
  alg: 'EdDSA' | 'RS256';
  privateKey: CryptoKey;
}

export interface SigningKeys {
  /** The key new tokens are signed with. */
  current: SigningKey;
  /** The public halves of every configured key: tokens of a retiring key keep verifying until they expire. */
  publicSet: JSONWebKeySet;
}

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'key_ops', 'ext']);
const GENERATED_FILE = 'signing-keys.json';

function algorithmOf(jwk: JWK): SigningKey['alg'] {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'RSA') return 'RS256';
  throw new ConfigError('Invalid configuration: JWT_PRIVATE_KEYS holds a key that is neither Ed25519 nor RSA');
}

function parseKeyList(text: string): JWK[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError('Invalid configuration: JWT_PRIVATE_KEYS is not JSON');
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown })?.keys;
  if (!Array.isArray(list) || list.length === 0)
    throw new ConfigError('Invalid configuration: JWT_PRIVATE_KEYS must be a non-empty array of private JWKs');
  if (list.some((jwk) => typeof jwk !== 'object' || jwk === null || typeof (jwk as JWK).d !== 'string')) {
    throw new ConfigError('Invalid configuration: JWT_PRIVATE_KEYS must hold private keys (with "d")');
  }
  return list as JWK[];
}

/** Turns private JWKs into the signing key (the first) and the published set (all of them, public halves only). */
export async function signingKeysFrom(privateJwks: JWK[]): Promise<SigningKeys> {
  const keys = await Promise.all(
    privateJwks.map(async (jwk) => {
      const alg = algorithmOf(jwk);
      const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
      const publicJwk = Object.fromEntries(Object.entries(jwk).filter(([member]) => !PRIVATE_MEMBERS.has(member)));
      const privateKey = (await importJWK({ ...jwk, alg }, alg)) as CryptoKey;
      return { signing: { kid, alg, privateKey }, published: { ...publicJwk, kid, alg, use: 'sig' } as JWK };
    }),
  );
  const [first] = keys;
  if (!first) throw new ConfigError('Invalid configuration: no signing key');
  return { current: first.signing, publicSet: { keys: keys.map((k) => k.published) } };
}

export async function generatePrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk) };
}

/** A key made on first start and kept in `dir`, so tokens survive restarts of a local run. */
async function generatedKeys(dir: string): Promise<JWK[]> {
  const file = join(dir, GENERATED_FILE);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Written aside and linked into place: when two processes start together, one key wins and both read it whole.
  const draft = `${file}.${randomUUID()}`;
  await writeFile(draft, JSON.stringify([await generatePrivateJwk()]), { mode: 0o600 });
  try {
    await link(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  return parseKeyList(await readFile(file, 'utf8'));
}

export async function loadSigningKeys(config: {
  JWT_PRIVATE_KEYS?: string;
  JWT_KEYS_DIR: string;
}): Promise<SigningKeys> {
  const jwks = config.JWT_PRIVATE_KEYS
    ? parseKeyList(config.JWT_PRIVATE_KEYS)
    : await generatedKeys(config.JWT_KEYS_DIR);
  return signingKeysFrom(jwks);
}
