import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { dataQualityQuery, dataQualityResponse } from './schema.ts';

export async function dataQualityRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/data-quality',
    {
      schema: {
        tags: ['data quality'],
        summary: 'Correct, complete, clean, live: four 0–100 scores with their counts for a regime, subtree and periods',
        querystring: dataQualityQuery,
        response: { 200: dataQualityResponse },
      },
    },
    (req) => service.getDataQuality(contextOf(req), req.query),
  );
}
