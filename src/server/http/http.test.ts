import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

describe('HTTP behaviour shared by every route', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      env: { BODY_LIMIT_BYTES: '2048' },
      // A route that fails unexpectedly, to see what a 500 reveals.
      setup: (app) =>
        app.get('/api/__boom', { config: { public: true } }, async () => {
          throw new Error('secret connection string postgres://user:pw@db');
        }),
    });
    await t.createUser('admin', [{ role: 'ADMIN', orgUnit: null }]);
  });
  after(() => t.close());

  test('health reports the database kind and migration version', async () => {
    const res = await t.anonymous.get('/api/health');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.status, 'ok');
    assert.ok(['pglite', 'postgres'].includes(body.database.kind));
    assert.equal(body.database.migrationVersion, body.database.latestMigration);
    assert.ok(res.headers['x-request-id']);
  });

  test('the OpenAPI document lists the routes with their schemas', async () => {
    const res = await t.anonymous.get('/api/docs/json');
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/api/auth/login'].post.requestBody, 'login documents its body');
    assert.ok(doc.paths['/api/users'].get, 'users listed');
    const evidence = doc.paths['/api/takedown/cases/{id}/evidence/{evidenceId}'].get.responses['200'].content;
    assert.equal(evidence['application/pdf'].schema.format, 'binary', 'a file download is documented as bytes');
    const briefing = doc.paths['/api/briefings/monthly'].get.responses['200'].content;
    assert.equal(briefing['application/pdf'].schema.format, 'binary', 'a route answering JSON or a file documents both');
    assert.ok(briefing['application/json'].schema.properties.sections, 'the JSON answer is described by its schema');
    const ui = await t.anonymous.get('/api/docs/');
    assert.equal(ui.statusCode, 200);
  });

  test('an oversize body is refused with a clear message', async () => {
    const res = await t.anonymous.post('/api/auth/login', { username: 'a'.repeat(5000), password: 'x' }, { 'accept-language': 'en' });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error.code, 'BODY_TOO_LARGE');
    assert.equal(res.json().error.message, 'Request body too large');
  });

  test('an unexpected error is a 500 with a request id and nothing internal, and the server keeps serving', async () => {
    const res = await t.anonymous.get('/api/__boom');
    assert.equal(res.statusCode, 500);
    const body = res.json();
    assert.equal(body.error.code, 'INTERNAL');
    assert.equal(body.error.requestId, res.headers['x-request-id']);
    assert.doesNotMatch(res.body, /postgres:|secret|stack|at /);
    assert.equal((await t.anonymous.get('/api/health')).statusCode, 200);
  });

  test('errors speak the language the client asks for', async () => {
    const vi = await t.anonymous.get('/api/khong-co');
    assert.match(vi.json().error.message, /Không có đường dẫn/);
    const en = await t.anonymous.get('/api/khong-co', { 'accept-language': 'en-US,en;q=0.9,vi;q=0.5' });
    assert.match(en.json().error.message, /No route/);
    const wrong = await t.anonymous.post('/api/auth/login', { username: 'a' }, { 'accept-language': 'vi' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.details[0].path, 'body.password');
    assert.match(wrong.json().error.details[0].message, /[àáảãạăâđêôơư]/i, 'Vietnamese message');
  });
});
