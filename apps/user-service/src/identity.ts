import type { LoginThrottle } from './auth/login-throttle';
import type { AccessTokenSettings } from './auth/access-tokens';
import type { SessionModel } from './models/session.model';
import type { UserModel } from './models/user.model';

/** Everything the identity use cases need, built once in the identity plugin and passed to each of them. */
export interface Identity {
  users: UserModel;
  sessions: SessionModel;
  accessTokens: AccessTokenSettings;
  refreshTokenTtlSeconds: number;
  throttle: LoginThrottle;
  /** Pokes the outbox relay after a write that recorded events. */
  publishEvents(): void;
}

/** Who asked: the request id travels into every event the request causes. */
export interface RequestMeta {
  correlationId: string;
}
