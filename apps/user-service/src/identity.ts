import type { AggregateStore } from '@shopwire/service-kit';
import type { LoginThrottle } from './auth/login-throttle';
import type { AccessTokenSettings } from './auth/access-tokens';
import type { EmailKeyModel } from './models/email-key.model';
import type { SessionModel } from './models/session.model';
import type { UserModel } from './models/user.model';

/** Everything the identity use cases need, built once in the identity plugin and passed to each of them. */
export interface Identity {
  /** Every read and write of one document on a request's path goes through here, by `_id` (SPEC section 9). */
  store: AggregateStore;
  users: UserModel;
  emails: EmailKeyModel;
  sessions: SessionModel;
  accessTokens: AccessTokenSettings;
  refreshTokenTtlSeconds: number;
  throttle: LoginThrottle;
}

/** Who asked: the request id travels into every event the request causes. */
export interface RequestMeta {
  correlationId: string;
}
