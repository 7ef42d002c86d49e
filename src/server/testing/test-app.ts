import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { hashPassword } from '../http/passwords.ts';
import type { Role } from '../access.ts';
import { createTestDb } from './test-db.ts';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  config: Config;
  close: () => Promise<void>;
  /** Creates a user with roles (org units by code; null = system-wide). */
  createUser: (username: string, roles: { role: Role; orgUnit: string | null }[], password?: string) => Promise<number>;
  /** Signs in and returns a client whose requests carry the session cookie and CSRF header. */
  login: (username: string, password?: string) => Promise<TestClient>;
  anonymous: TestClient;
}

export interface TestClient {
  request: (opts: InjectOptions) => Promise<LightMyRequestResponse>;
  get: (url: string, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;
  post: (url: string, payload?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;
  patch: (url: string, payload?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;
  put: (url: string, payload?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;
  delete: (url: string, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;
}

export const TEST_PASSWORD = 'mat-khau-thu-nghiem-1';

function client(app: FastifyInstance, base: Record<string, string>): TestClient {
  const request = (opts: InjectOptions) => app.inject({ ...opts, headers: { ...base, ...(opts.headers as Record<string, string>) } });
  const withBody =
    (method: 'POST' | 'PATCH' | 'PUT') =>
    (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      request({ method, url, payload: payload as InjectOptions['payload'], headers });
  return {
    request,
    get: (url, headers = {}) => request({ method: 'GET', url, headers }),
    post: withBody('POST'),
    patch: withBody('PATCH'),
    put: withBody('PUT'),
    delete: (url, headers = {}) => request({ method: 'DELETE', url, headers }),
  };
}

/** One fresh database and app per test file. */
export async function createTestApp(
  options: {
    env?: Record<string, string>;
    clock?: () => Date;
    /** extra routes for a test, added before ready() */
    setup?: (app: FastifyInstance) => void;
    /** PostgreSQL only: the app connects as this role, with only the service's rights. */
    serviceRole?: string;
  } = {},
): Promise<TestApp> {
  const { db, drop } = await createTestDb({ serviceRole: options.serviceRole });
  const config = loadConfig({ LOG_LEVEL: 'silent', ...options.env });
  const app = await buildApp({ config, db, clock: options.clock, webDir: null });
  options.setup?.(app);
  await app.ready();
  const createUser: TestApp['createUser'] = async (username, roles, password = TEST_PASSWORD) => {
    const { rows } = await db.query<{ id: number }>(`INSERT INTO app_user (username, display_name, password_hash) VALUES ($1, $1, $2) RETURNING id`, [username, await hashPassword(password)]);
    for (const r of roles) {
      await db.query(`INSERT INTO role_assignment (user_id, role, org_unit_id) VALUES ($1, $2, (SELECT id FROM org_unit WHERE code = $3))`, [rows[0].id, r.role, r.orgUnit]);
    }
    return rows[0].id;
  };
  const login: TestApp['login'] = async (username, password = TEST_PASSWORD) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookies = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return client(app, { cookie: cookies, 'x-csrf-token': res.json().csrfToken });
  };
  return {
    app,
    db,
    config,
    createUser,
    login,
    anonymous: client(app, {}),
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

/** Inserts an org unit directly (tests only), under a parent code or as a root. */
export async function insertOrgUnit(db: Db, code: string, name: string, parentCode: string | null, extra: { type?: string; openingDate?: string; closingDate?: string } = {}) {
  const parent = parentCode ? (await db.query<{ id: number; path: string; level: number }>('SELECT id, path, level FROM org_unit WHERE code = $1', [parentCode])).rows[0] : null;
  const { rows } = await db.query<{ id: number }>(`INSERT INTO org_unit (code, name_vi, parent_id, level, path, type, opening_date, closing_date) VALUES ($1,$2,$3,$4,'',$5,$6,$7) RETURNING id`, [
    code,
    name,
    parent?.id ?? null,
    (parent?.level ?? 0) + 1,
    extra.type ?? 'unit',
    extra.openingDate ?? null,
    extra.closingDate ?? null,
  ]);
  await db.query('UPDATE org_unit SET path = $2 WHERE id = $1', [rows[0].id, `${parent?.path ?? '/'}${rows[0].id}/`]);
  return rows[0].id;
}
