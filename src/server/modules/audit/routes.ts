import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.ts';
import { auditedChanges, searchAudit } from './service.ts';

const query = z.strictObject({
  userId: z.coerce.number().int().optional(),
  username: z.string().optional(),
  objectType: z.string().optional(),
  objectId: z.string().optional(),
  action: z.string().optional(),
  from: z.string().datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.string().datetime({ offset: true }).or(z.iso.date()).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  lang: z.enum(['vi', 'en']).optional(),
});

export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/audit', { schema: { tags: ['audit'], summary: 'Search the audit trail (who, when, what, before, after)', querystring: query } }, (req) =>
    searchAudit(contextOf(req), req.query),
  );
  app.get(
    '/api/audit/:id/changes',
    {
      schema: {
        tags: ['audit'],
        summary: 'The data values one audited request changed (its value history rows: key, before, after)',
        params: z.strictObject({ id: z.coerce.number().int().min(1) }),
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(10_000).default(1000),
          offset: z.coerce.number().int().min(0).default(0),
          lang: z.enum(['vi', 'en']).optional(),
        }),
      },
    },
    (req) => auditedChanges(contextOf(req), req.params.id, req.query),
  );
}
