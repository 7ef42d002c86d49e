import type { FastifyInstance } from 'fastify';
import { currentVersion, listMigrations } from '../../db/migrate.ts';
import { isDemoSeeded } from '../../demo/settings.ts';

export async function healthRoutes(app: FastifyInstance) {
  app.get('/api/health', { config: { public: true }, schema: { tags: ['health'], summary: 'Liveness, database kind and migration version' } }, async () => {
    const started = Date.now();
    const version = await currentVersion(app.db);
    const migrations = listMigrations();
    // On the demo agency only, the sign-in page may show the demo login.
    const demo = app.config.demo ? await isDemoSeeded(app.db) : null;
    return {
      status: 'ok',
      database: { kind: app.db.kind, migrationVersion: version, latestMigration: migrations[migrations.length - 1]?.version ?? 0, latencyMs: Date.now() - started },
      time: new Date().toISOString(),
      demo: demo ? { username: 'admin', password: demo.password } : null,
    };
  });
}
