import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { outliersQuery, outliersResponse } from './schema.ts';

export async function outlierRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/outliers',
    {
      schema: {
        tags: ['data quality'],
        summary: "Values far from the unit's own history or outside the element's bounds, with the reason and the expected range",
        querystring: outliersQuery,
        response: { 200: outliersResponse },
      },
    },
    (req) => service.listOutliers(contextOf(req), req.query),
  );
}
