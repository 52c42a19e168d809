import { ResponseContract, type ReceivedResponse } from './response-contract';

const problem = { $ref: '#/components/schemas/Problem' };
const document = {
  openapi: '3.0.3',
  info: { title: 'contract test', version: '1' },
  paths: {
    '/api/v1/things/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 24 } }],
        responses: {
          200: {
            description: 'a thing',
            headers: { 'X-RateLimit-Remaining': { schema: { type: 'integer', minimum: 0 } } },
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['id'],
                  additionalProperties: false,
                  properties: { id: { type: 'string', maxLength: 24 }, at: { type: 'string', format: 'date-time' } },
                },
              },
            },
          },
          404: { description: 'no thing', content: { 'application/problem+json': { schema: problem } } },
        },
      },
      delete: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 24 } }],
        responses: { 204: { description: 'gone' } },
      },
    },
  },
  components: {
    schemas: {
      Problem: {
        type: 'object',
        required: ['status', 'code'],
        properties: { status: { type: 'integer' }, code: { type: 'string', maxLength: 64 } },
      },
    },
  },
};

const answer = (
  method: string,
  path: string,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): ReceivedResponse => ({
  method,
  url: `http://127.0.0.1:1${path}`,
  status,
  headers: new Headers({
    ...(body === undefined
      ? {}
      : { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8' }),
    ...headers,
  }),
  body: body === undefined ? '' : JSON.stringify(body),
});

describe('the contract of a merged OpenAPI document for the answers of the API', () => {
  let contract: ResponseContract;
  beforeAll(async () => {
    contract = await ResponseContract.of(document);
  });

  it('when an answer has a documented status, media type, body and headers, then nothing is wrong with it', () => {
    expect(
      contract.mismatches(
        answer(
          'GET',
          '/api/v1/things/a1',
          200,
          { id: 'a1', at: '2026-01-01T00:00:00.000Z' },
          { 'x-ratelimit-remaining': '7' },
        ),
      ),
    ).toEqual([]);
    expect(
      contract.mismatches(answer('GET', '/api/v1/things/a1', 404, { status: 404, code: 'THING_NOT_FOUND' })),
    ).toEqual([]);
    expect(contract.mismatches(answer('DELETE', '/api/v1/things/a1', 204))).toEqual([]);
  });

  it('when the status is not documented for the operation, then that is the mismatch', () => {
    expect(contract.mismatches(answer('DELETE', '/api/v1/things/a1', 409, { status: 409, code: 'IN_USE' }))).toEqual([
      expect.stringMatching(
        /^DELETE \/api\/v1\/things\/a1 answered 409: 409 is not documented for DELETE \/api\/v1\/things\/\{id\} \(documented: 204\)/,
      ),
    ]);
  });

  it('when a body, a problem, a media type or a header breaks the document, then each is named', () => {
    expect(contract.mismatches(answer('GET', '/api/v1/things/a1', 200, { id: 'a1', secret: 'x' }))).toEqual([
      expect.stringMatching(/does not match the schema.*additionalProperties|secret/),
    ]);
    expect(contract.mismatches(answer('GET', '/api/v1/things/a1', 200, { id: 'a1', at: 'yesterday' }))).toEqual([
      expect.stringMatching(/\/at must match format "date-time"/),
    ]);
    expect(contract.mismatches(answer('GET', '/api/v1/things/a1', 404, { status: 404 }))).toEqual([
      expect.stringMatching(/must have required property 'code'/),
    ]);
    expect(
      contract.mismatches({
        ...answer('GET', '/api/v1/things/a1', 404, { status: 404, code: 'X' }),
        headers: new Headers({ 'content-type': 'application/json' }),
      }),
    ).toEqual([expect.stringMatching(/content-type application\/json, documented application\/problem\+json/)]);
    expect(
      contract.mismatches(answer('GET', '/api/v1/things/a1', 200, { id: 'a1' }, { 'x-ratelimit-remaining': '-1' })),
    ).toEqual([expect.stringMatching(/header breaks its schema/)]);
    expect(contract.mismatches({ ...answer('DELETE', '/api/v1/things/a1', 204), body: 'null' })).toEqual([
      expect.stringMatching(/documented without a body/),
    ]);
  });

  it('when no operation has the path, then only a 404 problem is right; paths outside the API are not checked', () => {
    expect(
      contract.mismatches(answer('GET', '/api/v1/nothing', 404, { status: 404, code: 'ROUTE_NOT_FOUND' })),
    ).toEqual([]);
    expect(contract.mismatches(answer('PUT', '/api/v1/things/a1', 200, { id: 'a1' }))).toEqual([
      expect.stringMatching(/no operation of the document has this path and method/),
    ]);
    expect(contract.mismatches(answer('GET', '/health/ready', 503, { status: 503 }))).toEqual([]);
  });
});
