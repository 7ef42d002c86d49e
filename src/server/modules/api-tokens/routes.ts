import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { createdTokenSchema, createTokenBody, tokenParams, tokenSchema } from './schema.ts';

export async function apiTokenRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['api tokens'];
  app.get('/api/tokens', { schema: { tags, summary: 'List API tokens in scope (never the secret)', response: { 200: z.array(tokenSchema) } } }, (req) => service.listApiTokens(contextOf(req)));
  app.post(
    '/api/tokens',
    { schema: { tags, summary: 'Create an API token for one org unit scope; the secret is shown once', body: createTokenBody, response: { 201: createdTokenSchema } } },
    async (req, reply) => {
      reply.status(201);
      return service.createApiToken(contextOf(req), req.body);
    },
  );
  app.post('/api/tokens/:id/revoke', { schema: { tags, summary: 'Revoke an API token', params: tokenParams, response: { 200: tokenSchema } } }, (req) =>
    service.revokeApiToken(contextOf(req), req.params.id),
  );
}
