import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TestClient, type TestServer } from '../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../test/support/test-store.ts';

let store: TestStore;
let server: TestServer;

beforeAll(async () => {
  store = await openTestStore();
  server = await startTestServer(store);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('the edge of the app', () => {
  it('/healthz answers 200 with the store kind while the store is reachable', async () => {
    const answer = await new TestClient(server.url).get('/healthz');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok', store: store.kind });
  });

  it('sets security headers on every answer', async () => {
    const answer = await new TestClient(server.url).get('/healthz');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('an unknown route is a problem+json 404', async () => {
    const answer = await new TestClient(server.url, 'en').get('/api/v1/nothing-here');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('a body over the size limit is refused with 413 before it is read', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' });
    const answer = await new TestClient(server.url, 'en').post('/api/v1/session', big);
    expect(answer.status).toBe(413);
    expect(answer.body.detail).toContain('1024 KB');
  });

  it('malformed JSON is a 400 that says so', async () => {
    const answer = await new TestClient(server.url, 'en').post('/api/v1/session', '{"username": ');
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toMatch(/not valid JSON/);
  });

  it('a body that is not JSON is refused as an unsupported media type', async () => {
    const answer = await new TestClient(server.url, 'en').request('POST', '/api/v1/session', 'username=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(answer.status).toBe(415);
    expect(answer.body.detail).toContain('application/json');
  });

  it('the OpenAPI document is generated from the request schemas', async () => {
    const answer = await new TestClient(server.url).get('/openapi.json');
    expect(answer.status).toBe(200);
    const signIn = answer.body.paths['/api/v1/session'].post;
    const body = signIn.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['username', 'password']);
    expect(body.additionalProperties).toBe(false);
    expect(
      answer.body.paths['/api/v1/areas/locate'].get.parameters.map((p: { name: string }) => p.name),
    ).toEqual(['lng', 'lat']);
  });
});
