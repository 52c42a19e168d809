import type { FastifyRequest } from 'fastify';
import { currentUser } from '@shopwire/auth';
import type { Actor } from '../orders/actor';
import type { EventCause } from '@shopwire/contracts';

export function actorOf(request: FastifyRequest): Actor {
  const user = currentUser(request);
  return { id: user.id, isAdmin: user.roles.includes('admin') };
}

/** Events caused by a request carry its request id as their correlation id. */
export function causeOf(request: FastifyRequest): EventCause {
  return { correlationId: request.id, causationId: null };
}
