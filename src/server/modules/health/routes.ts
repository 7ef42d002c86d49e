import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { healthSchema } from './schema.ts';
import { currentVersion, listMigrations } from '../../db/migrate.ts';
import { isDemoSeeded } from '../../demo/settings.ts';

export async function healthRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/health', { config: { public: true }, schema: { tags: ['health'], summary: 'Liveness, database kind and migration version', response: { 200: healthSchema } } }, async () => {
    const started = Date.now();
    const version = await currentVersion(app.db);
    const migrations = listMigrations();
    // An installation seeded as the demo says so on every page; its sign-in page may point to the
    // demo login documented in the README, and no answer ever carries a password.
    const demo = await isDemoSeeded(app.db);
    return {
      status: 'ok' as const,
      database: { kind: app.db.kind, migrationVersion: version, latestMigration: migrations[migrations.length - 1]?.version ?? 0, latencyMs: Date.now() - started },
      // With a read replica: whether it serves analytics reads now, and how far behind it is.
      readReplica: app.readRouter ? (({ replicaUp, lagMs }) => ({ inService: replicaUp, lagMs: lagMs === Number.POSITIVE_INFINITY ? null : lagMs }))(app.readRouter.state()) : undefined,
      time: new Date().toISOString(),
      demo: demo ? { username: demo.username, documentedLogin: demo.documentedLogin } : null,
    };
  });
}
