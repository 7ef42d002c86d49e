import { z } from 'zod';

/** Environment variables the server reads, validated once at start-up. */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** The role that owns the tables: migrations run with it, the service with DATABASE_URL's role. */
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** A streaming replica for analytics reads; reads that must see the caller's own writes go to the primary. */
  READ_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Largest replay lag (ms) at which the replica still serves reads that need no write of the caller's. */
  READ_MAX_LAG_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Embedded database only: PostgreSQL's shared buffers (the files stay in the system's page cache anyway). */
  PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^[1-9][0-9]*(kB|MB|GB)$/, 'must be a size such as 8MB')
    .default('8MB'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Set when the app is served behind https: session cookies then carry Secure. */
  PUBLIC_URL: z.string().url().optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /**
   * HTTP Basic sign-in (user name and password on every request, as DHIS2 clients send them): `https`
   * (default) accepts it only on requests that arrived over https (directly, or through the proxy that
   * PUBLIC_URL implies); `on` accepts it over plain http too (a closed network); `off` refuses it.
   */
  BASIC_AUTH: z.enum(['https', 'on', 'off']).default('https'),
  /** Requests a minute one address may make to the public open-data routes. */
  OPEN_DATA_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(600),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  /** POST /api/dataValueSets streams its body: the most bytes and values one request may carry. */
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024 * 1024),
  IMPORT_MAX_VALUES: z.coerce.number().int().min(1).default(2_000_000),
  /** The longest single value object, NDJSON line or CSV record of an import, in characters. */
  IMPORT_MAX_ROW_CHARS: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** An Excel upload: the largest file, and the most cells its sheets may hold (counted while it is read). */
  EXCEL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  EXCEL_MAX_CELLS: z.coerce.number().int().min(1).default(200_000),
  /** A task's evidence file (PDF, DOCX, XLSX, PNG, JPEG), stored in the database with the task. */
  EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  ANALYTICS_MAX_CELLS: z.coerce.number().int().min(1).default(200_000),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().optional(),
  /** Seed the demo agency at start-up; off unless asked for (DEMO=true). */
  DEMO: z.enum(['true', 'false', '1', '0']).optional(),
  DEMO_PASSWORD: z.string().min(8).optional(),
  JOBS: z.enum(['on', 'off']).default('on'),
});

export type Config = Omit<z.infer<typeof envSchema>, 'DEMO'> & { databaseKind: 'postgres' | 'pglite'; demo: boolean };

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Cấu hình không hợp lệ / Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates configuration; throws ConfigError naming each wrong variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '?');
        return `${name}=${JSON.stringify(cleaned[name] ?? '')}: ${issue.message}`;
      }),
    );
  }
  const { DEMO, ...rest } = parsed.data;
  const needsServer = (['MIGRATION_DATABASE_URL', 'READ_DATABASE_URL'] as const).filter((k) => rest[k] && !rest.DATABASE_URL);
  if (needsServer.length) {
    throw new ConfigError(needsServer.map((k) => `${k}: needs DATABASE_URL (the service's own connection to the primary) as well`));
  }
  const databaseKind = rest.DATABASE_URL ? 'postgres' : 'pglite';
  return { ...rest, databaseKind, demo: DEMO === 'true' || DEMO === '1' };
}
