import { AppError, unauthorized } from '@shopwire/service-kit';

// The same answer for an unknown email and a wrong password: a login never tells which accounts exist.
export const invalidCredentials = (): AppError =>
  unauthorized('INVALID_CREDENTIALS', 'The email or password is not correct.');

export const invalidRefreshToken = (): AppError =>
  unauthorized('INVALID_REFRESH_TOKEN', 'The refresh token is not valid.');

export const tooManyLoginAttempts = (waitMs: number): AppError =>
  new AppError('Too Many Requests', {
    code: 'TOO_MANY_LOGIN_ATTEMPTS',
    status: 429,
    detail: 'Too many failed logins; try again later.',
    headers: { 'retry-after': String(Math.ceil(waitMs / 1000)) },
  });
