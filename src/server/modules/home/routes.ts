import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { homeChangesSchema, homeQuery } from './schema.ts';

export async function homeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['home'];
  app.get(
    '/api/home/changes',
    {
      schema: {
        tags,
        summary: 'Since your last visit: reports submitted, approved or returned by others, and alerts raised, on units in scope',
        querystring: homeQuery,
        response: { 200: homeChangesSchema },
      },
    },
    (req) => service.changesSinceLastVisit(contextOf(req)),
  );
}
