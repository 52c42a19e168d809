import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/**
 * The header by which the gateway proves to a service that it forwarded a request: it carries the secret the two
 * share (GATEWAY_SECRET). The gateway drops a client's own copy; a service believes X-Forwarded-For only with it.
 */
export const GATEWAY_SECRET_HEADER = 'x-gateway-secret';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Whether the request carries the gateway's secret (compared in constant time). */
export function fromGateway(request: FastifyRequest, secret: string | undefined): boolean {
  const presented = request.headers[GATEWAY_SECRET_HEADER];
  if (!secret || typeof presented !== 'string') return false;
  return timingSafeEqual(digest(presented), digest(secret));
}

/**
 * The address of the client a request is for: the one the gateway forwards in X-Forwarded-For when the request
 * proves it came through the gateway, otherwise `request.ip` (the peer, or what a proxy named in TRUST_PROXY says).
 * A caller that reaches the service directly cannot choose the address its requests are counted under.
 */
export function clientAddress(request: FastifyRequest, gatewaySecret: string | undefined): string {
  if (!fromGateway(request, gatewaySecret)) return request.ip;
  const forwarded = request.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first && isIP(first) ? first : request.ip;
}
