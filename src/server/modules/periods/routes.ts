import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { periodForDateQuery, periodForDateResponse, periodParams, periodQuery, periodResponse } from './schema.ts';

export async function periodRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['periods'];
  app.get(
    '/api/periods/for-date',
    { schema: { tags, summary: 'The period a date falls in (calendar, Decree 09, or a regime)', querystring: periodForDateQuery, response: { 200: periodForDateResponse } } },
    (req) => service.getPeriodForDate(contextOf(req), req.query),
  );
  app.get(
    '/api/periods/:id',
    { schema: { tags, summary: 'A period: start, end, and under a regime its window, due and lock dates', params: periodParams, querystring: periodQuery, response: { 200: periodResponse } } },
    (req) => service.getPeriod(contextOf(req), req.params.id, req.query.regime),
  );
}
