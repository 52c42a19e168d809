import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { decodeJwt } from 'jose';
import { bearerToken, currentUser, type AuthenticatedUser } from '@shopwire/auth';
import { AppError, problemResponses } from '@shopwire/service-kit';
import type { NotificationServiceDeps } from '../../deps';
import { followNotifications } from '../../notifications/follow-notifications';
import { openEventStream, type EventStream } from './event-stream';
import { StreamHeadersSchema, bearer } from './notifications.schemas';

// No JSON type: the body is a stream that stays open, not a string of some length (nor anything serialised here).
const EventStreamBody = Type.Unsafe<string>({
  description:
    'lines of Server-Sent Events: `id: <seq>`, `event: notification`, `data: <the inbox item as JSON>`; `:` comment lines are heartbeats',
});

// What a client that is refused a stream waits before it tries again: a stream of its own may have ended by then.
const RETRY_AFTER_SECONDS = 10;
// setTimeout's longest delay (about 24.8 days); a token valid for longer is ended then and the client reconnects.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

const tooManyStreams = (max: number): AppError =>
  new AppError('Too Many Requests', {
    code: 'TOO_MANY_STREAMS',
    status: 429,
    detail: `At most ${max} live streams per user are open at once; close one before opening another.`,
    headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
  });

/** When the (already verified) access token of the request stops being valid, in ms since the epoch. */
function tokenExpiry(request: FastifyRequest): number {
  const token = bearerToken(request);
  const exp = token === undefined ? undefined : decodeJwt(token).exp;
  // authenticate requires `exp`; without a token there is no stream. Ending at once is the safe reading anyway.
  return typeof exp === 'number' ? exp * 1000 : Date.now();
}

export const streamRoutes: FastifyPluginAsyncTypebox<{ deps: NotificationServiceDeps }> = async (app, { deps }) => {
  const { heartbeatMs, maxPerUser: maxStreamsPerUser } = deps.streams;
  // Each open stream with the user of the token it was opened with.
  const open = new Map<EventStream, AuthenticatedUser>();
  // Open streams per user on this instance (a user with none is absent).
  const perUser = new Map<string, number>();
  // Streams never finish by themselves: shutdown ends them so the server can close.
  app.addHook('preClose', async () => {
    for (const stream of open.keys()) stream.end();
  });
  // A deleted account's or a changed role's streams end at once, like its tokens; the client's reconnect is refused.
  const stopFollowing = app.revokedAccess.onRevoked((userId) => {
    for (const [stream, user] of open) {
      if (user.id !== userId || !app.revokedAccess.isRevoked(user)) continue;
      stream.write(': access revoked\n\n');
      stream.end();
    }
  });
  app.addHook('onClose', async () => stopFollowing());

  app.get(
    '/api/v1/notifications/stream',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['notifications'],
        summary: 'Server-Sent Events: each new own notification (event `notification`, id = seq), heartbeat comments',
        security: bearer,
        headers: StreamHeadersSchema,
        response: {
          200: {
            description:
              'an open event stream, ended by the server when the access token expires (reconnect with a fresh one) and at once when the account is deleted or its roles change',
            content: { 'text/event-stream': { schema: EventStreamBody } },
          },
          ...problemResponses({
            429: `The caller already holds the most live streams a user may (TOO_MANY_STREAMS); Retry-After says when to try again`,
          }),
        },
      },
    },
    async (request, reply) => {
      const lastEventId = request.headers['last-event-id'];
      const user = currentUser(request);
      const userId = user.id;
      const expiresAt = tokenExpiry(request);
      // Taken before anything is awaited, so concurrent opens of one user cannot all pass the check.
      const held = perUser.get(userId) ?? 0;
      if (held >= maxStreamsPerUser) throw tooManyStreams(maxStreamsPerUser);
      perUser.set(userId, held + 1);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        const left = (perUser.get(userId) ?? 1) - 1;
        if (left > 0) perUser.set(userId, left);
        else perUser.delete(userId);
      };
      let opened = false;
      try {
        await followNotifications(
          { ...deps, log: request.log },
          userId,
          lastEventId === undefined ? undefined : Number(lastEventId),
          () => {
            opened = true;
            const stream = openEventStream(request, reply, heartbeatMs);
            open.set(stream, user);
            // A stream lives no longer than the token it was opened with; the client reconnects with a fresh one.
            const expiry = setTimeout(
              () => {
                stream.write(': token expired\n\n');
                stream.end();
              },
              Math.min(Math.max(0, expiresAt - Date.now()), LONGEST_TIMER_MS),
            );
            stream.onClose(() => {
              clearTimeout(expiry);
              open.delete(stream);
              release();
            });
            return stream;
          },
        );
      } catch (error) {
        // Before the stream opened nothing else will give the slot back; after, its close does.
        if (!opened) release();
        throw error;
      }
    },
  );
};
