import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';

const createBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  orgUnit: z.string().min(1),
  role: z.enum(['REPORTING_OFFICER', 'LEADER']).default('REPORTING_OFFICER'),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

export async function apiTokenRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['api tokens'];
  app.get('/api/tokens', { schema: { tags, summary: 'List API tokens in scope (never the secret)' } }, (req) => service.listApiTokens(contextOf(req)));
  app.post('/api/tokens', { schema: { tags, summary: 'Create an API token for one org unit scope; the secret is shown once', body: createBody } }, async (req, reply) => {
    reply.status(201);
    return service.createApiToken(contextOf(req), req.body);
  });
  app.post('/api/tokens/:id/revoke', { schema: { tags, summary: 'Revoke an API token', params: z.strictObject({ id: z.coerce.number().int().positive() }) } }, (req) =>
    service.revokeApiToken(contextOf(req), req.params.id),
  );
}
