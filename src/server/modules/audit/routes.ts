import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import { auditedChanges, searchAudit } from './service.ts';
import { auditChangesQuery, auditedChangesPage, auditIdParams, auditPage, auditQuery } from './schema.ts';

export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/audit', { schema: { tags: ['audit'], summary: 'Search the audit trail (who, when, what, before, after)', querystring: auditQuery, response: { 200: auditPage } } }, (req) =>
    searchAudit(contextOf(req), req.query),
  );
  app.get(
    '/api/audit/:id/changes',
    {
      schema: {
        tags: ['audit'],
        summary: 'The data values one audited request changed (its value history rows: key, before, after)',
        params: auditIdParams,
        querystring: auditChangesQuery,
        response: { 200: auditedChangesPage },
      },
    },
    (req) => auditedChanges(contextOf(req), req.params.id, req.query),
  );
}
