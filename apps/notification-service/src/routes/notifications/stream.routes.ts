import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { currentUser } from '@shopwire/auth';
import type { StoreDeps } from '../../models';
import { followNotifications } from '../../notifications/follow-notifications';
import { openEventStream, type EventStream } from './event-stream';
import { StreamHeadersSchema, bearer } from './notifications.schemas';

// No JSON type: the body is a stream that stays open, not a string of some length (nor anything serialised here).
const EventStreamBody = Type.Unsafe<string>({
  description: 'lines of Server-Sent Events: `id: <seq>`, `event: notification`, `data: <the inbox item as JSON>`; `:` comment lines are heartbeats',
});

export const streamRoutes: FastifyPluginAsyncTypebox<StoreDeps & { heartbeatMs: number }> = async (app, { models, heartbeatMs }) => {
  const open = new Set<EventStream>();
  // Streams never finish by themselves: shutdown ends them so the server can close.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });

  app.get(
    '/api/v1/notifications/stream',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['notifications'],
        summary: 'Server-Sent Events: each new own notification (event `notification`, id = seq), heartbeat comments',
        security: bearer,
        headers: StreamHeadersSchema,
        response: { 200: { description: 'an open event stream', content: { 'text/event-stream': { schema: EventStreamBody } } } },
      },
    },
    async (request, reply) => {
      const lastEventId = request.headers['last-event-id'];
      await followNotifications({ models, liveFeed: app.liveFeed, log: request.log }, currentUser(request).id, lastEventId === undefined ? undefined : Number(lastEventId), () => {
        const stream = openEventStream(request, reply, heartbeatMs);
        open.add(stream);
        stream.onClose(() => open.delete(stream));
        return stream;
      });
    },
  );
};
