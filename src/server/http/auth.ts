import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/db.ts';
import { ANONYMOUS_ACTOR, type Actor, type Role, type Scope } from '../access.ts';
import { AppError, sendError, unauthenticated } from './errors.ts';
import { createHmac, randomBytes } from 'node:crypto';
import { sha256 } from './passwords.ts';
import { signInBasic } from '../modules/auth/service.ts';
import { BoundedCache, readVersions, type Versions } from './versions.ts';

export const SESSION_COOKIE = 'tiendo_session';
export const CSRF_COOKIE = 'tiendo_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes a browser may call without a session CSRF token (there is no session yet). */
const CSRF_EXEMPT = new Set(['/api/auth/login']);
/** All a user flagged to change the password may do before changing it. */
const PASSWORD_CHANGE_ROUTES = new Set(['GET /api/auth/me', 'POST /api/auth/password', 'POST /api/auth/logout']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Open to anonymous callers (health, sign-in, open data). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The cache counters read at the start of this request (API requests only). */
    versions?: Versions;
  }
}

/**
 * Sessions and tokens as authentication found them, good while auth_version stays where it was read (any
 * change that matters — a session ended, a role taken, a token revoked, in any process — moves it). Expiry
 * is checked at every use against the application clock.
 */
interface CachedSession {
  authVersion: number;
  expiresAt: number;
  userId: number;
  username: string;
  csrf: string;
  isActive: boolean;
  mustChangePassword: boolean;
  scopes: Scope[];
}
interface CachedToken {
  authVersion: number;
  expiresAt: number | null;
  id: number;
  name: string;
  scopes: Scope[];
  lastUsedAt: number | null;
}
const sessionCache = new BoundedCache<string, CachedSession>(20_000);
const tokenCache = new BoundedCache<string, CachedToken>(20_000);

/**
 * HTTP Basic: a user name and password verified once (argon2, ~50 ms) are remembered by an HMAC under a
 * key that lives only in this process, while auth_version stays (a new password, deactivation or a role
 * change moves it). Verifications that miss the cache are limited per client address like the sign-in page.
 */
interface CachedBasic {
  authVersion: number;
  userId: number;
  username: string;
  isActive: boolean;
  mustChangePassword: boolean;
  scopes: Scope[];
}
const basicCache = new BoundedCache<string, CachedBasic>(5_000);
const basicKey = randomBytes(32);
const BASIC_ATTEMPTS_PER_MINUTE = 20;
const basicAttempts = new BoundedCache<string, { windowStart: number; count: number }>(20_000);

/** Counts a password check from an address; false once it made more than the sign-in page allows in a minute. */
function allowBasicAttempt(ip: string, now: number): boolean {
  const seen = basicAttempts.get(ip);
  if (!seen || now - seen.windowStart >= 60_000) {
    basicAttempts.set(ip, { windowStart: now, count: 1 });
    return true;
  }
  seen.count += 1;
  return seen.count <= BASIC_ATTEMPTS_PER_MINUTE;
}

const basicRefused = (vi: string, en: string) => new AppError('INVALID_CREDENTIALS', 401, vi, en, [{ path: 'headers.authorization', messageVi: vi, messageEn: en }]);

async function actorFromBasic(app: FastifyInstance, encoded: string, request: FastifyRequest, authVersion: number): Promise<{ actor: Actor; mustChangePassword: boolean }> {
  const mode = app.config.BASIC_AUTH;
  if (mode === 'off') {
    throw new AppError(
      'BASIC_AUTH_DISABLED',
      401,
      'Máy chủ này không nhận đăng nhập HTTP Basic; hãy dùng mã truy cập API (Authorization: ApiToken …)',
      'HTTP Basic sign-in is turned off on this server; use an API token (Authorization: ApiToken …)',
      [{ path: 'headers.authorization', messageVi: 'BASIC_AUTH=off', messageEn: 'BASIC_AUTH=off' }],
    );
  }
  if (mode === 'https' && request.protocol !== 'https') {
    throw new AppError(
      'BASIC_AUTH_NEEDS_HTTPS',
      401,
      'Đăng nhập HTTP Basic chỉ được nhận qua https (mật khẩu đi kèm mỗi yêu cầu); hãy dùng https hoặc mã truy cập API',
      'HTTP Basic sign-in is only accepted over https (the password travels with every request); use https or an API token',
      [{ path: 'headers.authorization', messageVi: 'Cần https (BASIC_AUTH=https)', messageEn: 'https required (BASIC_AUTH=https)' }],
    );
  }
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw basicRefused('Tiêu đề Basic phải mang "tên đăng nhập:mật khẩu" mã hoá base64', 'A Basic header must carry base64 of "username:password"');
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (username.length > 200 || password.length > 200) throw basicRefused('Tên đăng nhập hoặc mật khẩu quá dài', 'Username or password too long');
  const key = createHmac('sha256', basicKey).update(`${username.toLowerCase()}\n${password}`).digest('hex');
  let b = basicCache.get(key);
  if (!b || b.authVersion !== authVersion) {
    basicCache.delete(key);
    if (!allowBasicAttempt(request.ip, Date.now())) {
      throw new AppError('TOO_MANY_REQUESTS', 429, 'Quá nhiều yêu cầu, vui lòng thử lại sau', 'Too many requests, please try again later', [
        { path: 'headers.authorization', messageVi: `Tối đa ${BASIC_ATTEMPTS_PER_MINUTE} lần kiểm tra mật khẩu mỗi phút`, messageEn: `At most ${BASIC_ATTEMPTS_PER_MINUTE} password checks a minute` },
      ]);
    }
    const ctx = { db: app.db, actor: request.actor, log: request.log, clock: app.clock, config: app.config, lang: 'vi' as const, jobs: app.jobs };
    const userId = await signInBasic(ctx, username, password);
    const { rows } = await app.db.query<{ username: string; is_active: boolean; must_change_password: boolean }>('SELECT username, is_active, must_change_password FROM app_user WHERE id = $1', [
      userId,
    ]);
    const row = rows[0];
    b = {
      authVersion,
      userId,
      username: row.username,
      isActive: row.is_active,
      mustChangePassword: row.must_change_password,
      scopes: row.is_active ? await loadUserScopes(app.db, userId) : [],
    };
    basicCache.set(key, b);
  }
  if (!b.isActive) throw basicRefused('Sai tên đăng nhập hoặc mật khẩu', 'Wrong username or password');
  return {
    mustChangePassword: b.mustChangePassword,
    actor: { kind: 'user', userId: b.userId, username: b.username, scopes: b.scopes, ip: request.ip, userAgent: request.headers['user-agent'], requestId: request.id },
  };
}

function isPublicRoute(request: FastifyRequest): boolean {
  if (request.is404) return true; // let the not-found handler answer 404
  const path = request.url.split('?')[0];
  if (path === '/api/docs' || path.startsWith('/api/docs/')) return true;
  return request.routeOptions.config?.public === true;
}

export async function loadUserScopes(db: Db, userId: number): Promise<Scope[]> {
  const { rows } = await db.query<{ role: Role; org_unit_id: number | null; path: string | null }>(
    `SELECT ra.role, ra.org_unit_id, ou.path
       FROM role_assignment ra LEFT JOIN org_unit ou ON ou.id = ra.org_unit_id
      WHERE ra.user_id = $1`,
    [userId],
  );
  return rows.map((r) => ({ role: r.role, orgUnitId: r.org_unit_id, path: r.path }));
}

async function actorFromToken(db: Db, token: string, request: FastifyRequest, authVersion: number): Promise<Actor> {
  const hash = sha256(token);
  const now = request.server.clock().getTime();
  let t = tokenCache.get(hash);
  if (!t || t.authVersion !== authVersion || (t.expiresAt !== null && t.expiresAt <= now)) {
    tokenCache.delete(hash);
    const { rows } = await db.query<{ id: number; name: string; role: Role; org_unit_id: number; path: string; last_used_at: Date | null; expires_at: Date | null }>(
      `SELECT t.id, t.name, t.role, t.org_unit_id, ou.path, t.last_used_at, t.expires_at
         FROM api_token t JOIN org_unit ou ON ou.id = t.org_unit_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)`,
      [hash, request.server.clock()],
    );
    const row = rows[0];
    if (!row) throw new AppError('INVALID_TOKEN', 401, 'Mã truy cập API không hợp lệ, đã hết hạn hoặc đã bị thu hồi', 'API token is invalid, expired or revoked');
    t = {
      authVersion,
      expiresAt: row.expires_at ? new Date(row.expires_at).getTime() : null,
      id: row.id,
      name: row.name,
      scopes: [{ role: row.role, orgUnitId: row.org_unit_id, path: row.path }],
      lastUsedAt: row.last_used_at ? new Date(row.last_used_at).getTime() : null,
    };
    tokenCache.set(hash, t);
  }
  // Recording every use would make each API call a write; a minute's resolution is enough.
  if (t.lastUsedAt === null || Date.now() - t.lastUsedAt > 60_000) {
    t.lastUsedAt = Date.now();
    await db.query('UPDATE api_token SET last_used_at = now(), last_used_ip = $2 WHERE id = $1', [t.id, request.ip]);
  }
  return {
    kind: 'token',
    tokenId: t.id,
    username: `token:${t.name}`,
    scopes: t.scopes,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    requestId: request.id,
  };
}

async function actorFromSession(db: Db, cookie: string, request: FastifyRequest, authVersion: number): Promise<{ actor: Actor; csrf: string; id: string; mustChangePassword: boolean } | null> {
  const id = sha256(cookie);
  const now = request.server.clock().getTime();
  let s = sessionCache.get(id);
  if (!s || s.authVersion !== authVersion || s.expiresAt <= now) {
    sessionCache.delete(id);
    const { rows } = await db.query<{ user_id: number; username: string; csrf_token: string; is_active: boolean; must_change_password: boolean; expires_at: Date }>(
      `SELECT s.user_id, u.username, s.csrf_token, u.is_active, u.must_change_password, s.expires_at
         FROM user_session s JOIN app_user u ON u.id = s.user_id
        WHERE s.id = $1 AND s.expires_at > $2`,
      [id, request.server.clock()],
    );
    const row = rows[0];
    if (!row) return null;
    s = {
      authVersion,
      expiresAt: new Date(row.expires_at).getTime(),
      userId: row.user_id,
      username: row.username,
      csrf: row.csrf_token,
      isActive: row.is_active,
      mustChangePassword: row.must_change_password,
      scopes: row.is_active ? await loadUserScopes(db, row.user_id) : [],
    };
    sessionCache.set(id, s);
  }
  if (!s.isActive) return null;
  return {
    id,
    csrf: s.csrf,
    mustChangePassword: s.mustChangePassword,
    actor: {
      kind: 'user',
      userId: s.userId,
      username: s.username,
      scopes: s.scopes,
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      requestId: request.id,
    },
  };
}

/**
 * Resolves who is calling: an API token (Authorization: Bearer), a session cookie, or nobody.
 * Cookie-authenticated writes must echo the session's CSRF token in the X-CSRF-Token header.
 */
export function registerAuthentication(app: FastifyInstance) {
  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (request, reply) => {
    request.actor = { ...ANONYMOUS_ACTOR, ip: request.ip, userAgent: request.headers['user-agent'], requestId: request.id };
    if (!request.url.startsWith('/api/')) return;
    // Public open data read without credentials: nobody to resolve and no cache of figures to check, so no query
    // (its answers come from the open-data cache; see modules/opendata/cache.ts).
    if (request.url.startsWith('/api/public/') && request.method === 'GET' && isPublicRoute(request) && !request.headers.authorization && !request.cookies?.[SESSION_COOKIE]) return;
    try {
      // One query per request: the counters every cache of this process is checked against.
      request.versions = await readVersions(app.db);
      const authVersion = request.versions.auth;
      const auth = request.headers.authorization;
      if (auth) {
        // DHIS2 clients send a personal access token as "ApiToken <token>"; both words name the same token.
        const token = /^(?:Bearer|ApiToken)\s+(\S+)$/i.exec(auth);
        const basic = token ? null : /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(auth);
        if (token) {
          request.actor = await actorFromToken(app.db, token[1], request, authVersion);
          return;
        }
        if (!basic) {
          throw new AppError(
            'INVALID_TOKEN',
            401,
            'Tiêu đề Authorization phải có dạng "Bearer <mã>", "ApiToken <mã>" hoặc "Basic <base64>"',
            'Authorization header must be "Bearer <token>", "ApiToken <token>" or "Basic <base64>"',
            [{ path: 'headers.authorization', messageVi: 'Dạng không nhận ra', messageEn: 'Unrecognised scheme' }],
          );
        }
        // No session and no cookie: like a token, such a request needs no CSRF header. (The server never
        // answers with a WWW-Authenticate challenge, so a browser never stores these credentials to
        // replay them on a cross-site request.)
        const signedIn = await actorFromBasic(app, basic[1], request, authVersion);
        request.actor = signedIn.actor;
        const path = request.url.split('?')[0];
        if (signedIn.mustChangePassword && !isPublicRoute(request) && !PASSWORD_CHANGE_ROUTES.has(`${request.method} ${path}`)) {
          throw new AppError(
            'PASSWORD_CHANGE_REQUIRED',
            403,
            'Bạn cần đổi mật khẩu trước khi tiếp tục (POST /api/auth/password)',
            'You must change your password before going on (POST /api/auth/password)',
          );
        }
        return;
      }
      const cookie = request.cookies?.[SESSION_COOKIE];
      const session = cookie ? await actorFromSession(app.db, cookie, request, authVersion) : null;
      if (!session) {
        // Signed-in by default: a route is open to anonymous callers only when it says so.
        if (!isPublicRoute(request)) throw unauthenticated();
        return;
      }
      request.actor = session.actor;
      request.sessionCsrf = session.csrf;
      request.sessionId = session.id;
      const path = request.url.split('?')[0];
      if (session.mustChangePassword && !isPublicRoute(request) && !PASSWORD_CHANGE_ROUTES.has(`${request.method} ${path}`)) {
        throw new AppError(
          'PASSWORD_CHANGE_REQUIRED',
          403,
          'Bạn cần đổi mật khẩu trước khi tiếp tục (POST /api/auth/password)',
          'You must change your password before going on (POST /api/auth/password)',
        );
      }
      if (UNSAFE_METHODS.has(request.method) && !CSRF_EXEMPT.has(path)) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || sent !== session.csrf) {
          throw new AppError('CSRF_FAILED', 403, 'Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF); hãy tải lại trang', 'Missing or wrong CSRF token; reload the page');
        }
      }
    } catch (err) {
      if (err instanceof AppError) return sendError(reply, request, err);
      throw err;
    }
  });
}
