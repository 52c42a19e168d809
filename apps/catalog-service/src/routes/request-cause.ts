import type { FastifyRequest } from 'fastify';
import type { EventCause } from '@shopwire/contracts';

/** Events caused by a request carry its id (the x-request-id) as their correlation id. */
export const causeOf = (request: FastifyRequest): EventCause => ({ correlationId: request.id, causationId: null });
