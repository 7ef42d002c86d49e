import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createTestDb } from '../testing/test-db.ts';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: unknown): Map<string, string[]> {
  assert.equal(typeof header, 'string', 'Content-Security-Policy is set');
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

function assertCommonHeaders(headers: Record<string, unknown>) {
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['x-frame-options'], 'DENY');
  assert.equal(headers['referrer-policy'], 'same-origin');
  const csp = directives(headers['content-security-policy']);
  assert.deepEqual(csp.get('frame-ancestors'), ["'none'"]);
  assert.deepEqual(csp.get('object-src'), ["'none'"]);
  assert.deepEqual(csp.get('default-src'), ["'self'"]);
  return csp;
}

describe('security headers', () => {
  let app: FastifyInstance;
  let drop: () => Promise<void>;
  let webDir: string;
  before(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiendo-web-'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/main.js"></script></body></html>');
    const created = await createTestDb();
    drop = created.drop;
    app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db: created.db, webDir });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await drop();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  test('an API answer carries them', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(res.statusCode, 200);
    assertCommonHeaders(res.headers);
    // An error answer too.
    const missing = await app.inject({ method: 'GET', url: '/api/no-such-route' });
    assert.equal(missing.statusCode, 404);
    assertCommonHeaders(missing.headers);
  });

  test('the web page gets a strict policy: scripts and styles only from the server itself, nothing inline', async () => {
    for (const url of ['/', '/admin/users']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /text\/html/);
      const csp = assertCommonHeaders(res.headers);
      assert.deepEqual(csp.get('script-src'), ["'self'"]);
      assert.deepEqual(csp.get('style-src'), ["'self'"]);
      assert.deepEqual(csp.get('connect-src'), ["'self'"]);
      for (const [name, values] of csp) {
        assert.ok(!values.includes("'unsafe-inline'") && !values.includes("'unsafe-eval'"), `${name} allows inline or eval`);
      }
    }
  });

  test('the API reference page keeps the policy, only allowing the inline styles swagger-ui sets', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/static/index.html' });
    const csp = assertCommonHeaders(res.headers);
    assert.deepEqual(csp.get('script-src'), ["'self'"]);
    assert.deepEqual(csp.get('style-src'), ["'self'", "'unsafe-inline'"]);
  });

  test('HSTS only when served over https', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(res.headers['strict-transport-security'], undefined);
    const created = await createTestDb();
    const https = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'https://tiendo.example.gov.vn' }), db: created.db, webDir: null });
    try {
      const secure = await https.inject({ method: 'GET', url: '/api/health' });
      assert.match(String(secure.headers['strict-transport-security']), /max-age=\d+/);
      assert.ok(directives(secure.headers['content-security-policy']).has('upgrade-insecure-requests'));
    } finally {
      await https.close();
      await created.drop();
    }
  });
});
