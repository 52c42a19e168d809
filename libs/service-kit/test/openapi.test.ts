import { Type } from '@sinclair/typebox';
import { createServer, Int32, openApiPlugin, OPENAPI_PATH, OptionalDefaults, problemResponses } from '../src';

type Responses = Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;

describe('a service documents its own API', () => {
  it('when routes carry TypeBox schemas, then /openapi.json describes them and not itself', async () => {
    const app = createServer({ service: 'openapi-test', logLevel: 'silent' });
    await app.register(openApiPlugin, { title: 'Test service' });
    app.post(
      '/api/v1/things',
      {
        schema: {
          body: Type.Object({ name: Type.String() }, { additionalProperties: false }),
          security: [{ bearerAuth: [] }],
        },
      },
      async () => ({}),
    );
    try {
      const res = await app.inject({ method: 'GET', url: OPENAPI_PATH });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc).toMatchObject({
        openapi: '3.0.3',
        info: { title: 'Test service' },
        components: { securitySchemes: { bearerAuth: { scheme: 'bearer' } } },
      });
      expect(doc.paths['/api/v1/things'].post.requestBody.content['application/json'].schema).toMatchObject({
        required: ['name'],
        additionalProperties: false,
      });
      expect(doc.paths[OPENAPI_PATH]).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('when a route documents some error statuses, then its operation lists those and every one the kit answers for it, each the one Problem', async () => {
    const app = createServer({ service: 'openapi-test', logLevel: 'silent' });
    await app.register(openApiPlugin, { title: 'Test service' });
    const params = Type.Object({ id: Type.String({ maxLength: 24 }) });
    const response = {
      200: Type.Object({ id: Type.String() }),
      ...problemResponses(403, { 404: 'No such thing (THING_NOT_FOUND)' }),
    };
    app.put(
      '/api/v1/things/:id',
      { schema: { params, body: Type.Object({ name: Type.String() }), security: [{ bearerAuth: [] }], response } },
      async () => ({ id: 'x' }),
    );
    app.get('/api/v1/things', { schema: { response: { 200: Type.Object({}) } } }, async () => ({}));
    app.get('/api/v1/others', { schema: { summary: 'undocumented answers' } }, async () => ({}));
    try {
      const doc = (await app.inject({ method: 'GET', url: OPENAPI_PATH })).json();
      const put = doc.paths['/api/v1/things/{id}'].put.responses as Responses;
      const list = doc.paths['/api/v1/things'].get.responses as Responses;

      expect(Object.keys(put).sort()).toEqual(['200', '400', '401', '403', '404', '413', '415', '500', '503']);
      expect(put[404]?.description).toBe('No such thing (THING_NOT_FOUND)');
      expect(put[503]?.description).toMatch(/STORE_UNAVAILABLE.*AUTH_UNAVAILABLE/);
      for (const status of ['400', '401', '403', '404', '413', '415', '500', '503']) {
        expect(put[status]?.content).toEqual({
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        });
      }
      expect(doc.components.schemas.Problem).toMatchObject({
        required: ['type', 'title', 'status', 'code', 'traceId'],
      });
      // Nothing to validate, no token, no body: only what any request can end in.
      expect(Object.keys(list).sort()).toEqual(['200', '500', '503']);
      expect(list[503]?.description).not.toMatch(/AUTH_UNAVAILABLE/);
      // No response schemas at all: the swagger plugin's default answer, nothing added.
      expect(Object.keys(doc.paths['/api/v1/others'].get.responses)).toEqual(['200']);
    } finally {
      await app.close();
    }
  });

  it('when a query member has a default, then the document makes it optional and the handler still receives it', async () => {
    const app = createServer({ service: 'openapi-test', logLevel: 'silent' });
    await app.register(openApiPlugin, { title: 'Test service' });
    const querystring = OptionalDefaults(
      Type.Object(
        { limit: Int32(1, 100, { default: 20 }), q: Type.String({ maxLength: 10 }) },
        { additionalProperties: false },
      ),
    );
    app.get('/api/v1/things', { schema: { querystring } }, async (request) => request.query);
    try {
      const doc = (await app.inject({ method: 'GET', url: OPENAPI_PATH })).json();
      const parameters = doc.paths['/api/v1/things'].get.parameters as Array<{ name: string; required: boolean }>;

      expect(parameters.map((p) => [p.name, p.required])).toEqual([
        ['limit', false],
        ['q', true],
      ]);
      expect((await app.inject({ method: 'GET', url: '/api/v1/things?q=mugs' })).json()).toEqual({
        limit: 20,
        q: 'mugs',
      });
      expect((await app.inject({ method: 'GET', url: '/api/v1/things?limit=5' })).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
