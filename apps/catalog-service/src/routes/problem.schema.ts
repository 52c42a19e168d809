import type { TSchema } from '@sinclair/typebox';
import { ProblemSchema } from '@shopwire/service-kit';

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request breaks the schema (field problems listed) or carries a bad cursor',
  401: 'No valid access token',
  403: 'The token lacks the admin role',
  404: 'No such resource',
  409: 'The unique value is taken',
  412: 'If-Match names a version that is no longer current',
  422: 'The request refers to something that does not exist',
};

/** OpenAPI entries for the error statuses of a route, served as application/problem+json. */
export function problemResponses(...statuses: number[]): Record<number, { description: string; content: Record<string, { schema: TSchema }> }> {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: DESCRIPTIONS[status] ?? 'Error', content: { 'application/problem+json': { schema: ProblemSchema } } }]),
  );
}
