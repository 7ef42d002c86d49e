import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { z } from 'zod';
import { createTargetBody, listTargetsQuery, targetParams, targetRowSchema, targetSchema, updateTargetBody } from './schema.ts';

export async function targetRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['targets'];
  app.get(
    '/api/targets',
    { schema: { tags, summary: 'Targets in scope with latest value, progress, status, forecast and sparkline', querystring: listTargetsQuery, response: { 200: z.array(targetSchema) } } },
    (req) => service.listTargets(contextOf(req), req.query),
  );
  app.get('/api/targets/:id', { schema: { tags, summary: 'One target with its forecast and back-test error', params: targetParams, response: { 200: targetSchema } } }, (req) =>
    service.getTarget(contextOf(req), req.params.id),
  );
  app.post('/api/targets', { schema: { tags, summary: 'Create a target', body: createTargetBody, response: { 201: targetRowSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createTarget(contextOf(req), req.body);
  });
  app.patch('/api/targets/:id', { schema: { tags, summary: 'Update a target', params: targetParams, body: updateTargetBody, response: { 200: targetRowSchema } } }, (req) =>
    service.updateTarget(contextOf(req), req.params.id, req.body),
  );
}
