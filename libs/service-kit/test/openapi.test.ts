import { Type } from '@sinclair/typebox';
import { createServer, openApiPlugin, OPENAPI_PATH } from '../src';

describe('a service documents its own API', () => {
  it('when routes carry TypeBox schemas, then /openapi.json describes them and not itself', async () => {
    const app = createServer({ service: 'openapi-test', logLevel: 'silent' });
    await app.register(openApiPlugin, { title: 'Test service' });
    app.post('/api/v1/things', { schema: { body: Type.Object({ name: Type.String() }, { additionalProperties: false }), security: [{ bearerAuth: [] }] } }, async () => ({}));
    try {
      const res = await app.inject({ method: 'GET', url: OPENAPI_PATH });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc).toMatchObject({ openapi: '3.0.3', info: { title: 'Test service' }, components: { securitySchemes: { bearerAuth: { scheme: 'bearer' } } } });
      expect(doc.paths['/api/v1/things'].post.requestBody.content['application/json'].schema).toMatchObject({ required: ['name'], additionalProperties: false });
      expect(doc.paths[OPENAPI_PATH]).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
