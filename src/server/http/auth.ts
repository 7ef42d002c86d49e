import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/db.ts';
import { ANONYMOUS_ACTOR, type Actor, type Role, type Scope } from '../access.ts';
import { AppError, sendError, unauthenticated } from './errors.ts';
import { sha256 } from './passwords.ts';
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
        const match = /^Bearer\s+(\S+)$/i.exec(auth);
        if (!match) throw new AppError('INVALID_TOKEN', 401, 'Tiêu đề Authorization phải có dạng "Bearer <mã>"', 'Authorization header must be "Bearer <token>"');
        request.actor = await actorFromToken(app.db, match[1], request, authVersion);
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
