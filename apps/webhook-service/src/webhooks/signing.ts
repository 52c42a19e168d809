import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { SigningSecret } from '../models/endpoint.model';

/** A new signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The secrets that sign now: the current one and, for the overlap after a rotation, the previous one. */
export function activeSecrets(secrets: readonly SigningSecret[], now: Date): string[] {
  return secrets.filter((s) => !s.expiresAt || new Date(s.expiresAt) > now).map((s) => s.secret);
}

/** The Standard Webhooks headers: one `v1,` signature per active secret, space-separated, so either verifies. */
export function signedHeaders(
  secrets: readonly string[],
  messageId: string,
  at: Date,
  payload: string,
): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, payload)).join(' '),
  };
}
