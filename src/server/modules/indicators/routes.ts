import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { z } from 'zod';
import { noContent } from '../../../core/contract.ts';
import { checkFormulaBody, checkFormulaResponse, createIndicatorBody, indicatorParams, indicatorSchema, listIndicatorsQuery, updateIndicatorBody } from './schema.ts';

export async function indicatorRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['indicators'];
  app.get('/api/indicators', { schema: { tags, summary: 'List indicators', querystring: listIndicatorsQuery, response: { 200: z.array(indicatorSchema) } } }, (req) =>
    service.listIndicators(contextOf(req), req.query),
  );
  app.post(
    '/api/indicators/check-formula',
    { schema: { tags, summary: 'Check a formula while it is typed: problems with positions', body: checkFormulaBody, response: { 200: checkFormulaResponse } } },
    (req) => service.checkFormula(contextOf(req), req.body.formula),
  );
  app.get('/api/indicators/:id', { schema: { tags, summary: 'One indicator by id or code', params: indicatorParams, response: { 200: indicatorSchema } } }, (req) =>
    service.getIndicator(contextOf(req), req.params.id),
  );
  app.post('/api/indicators', { schema: { tags, summary: 'Create an indicator (formulas are checked)', body: createIndicatorBody, response: { 201: indicatorSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createIndicator(contextOf(req), req.body);
  });
  app.patch('/api/indicators/:id', { schema: { tags, summary: 'Update an indicator', params: indicatorParams, body: updateIndicatorBody, response: { 200: indicatorSchema } } }, (req) =>
    service.updateIndicator(contextOf(req), req.params.id, req.body),
  );
  app.delete('/api/indicators/:id', { schema: { tags, summary: 'Delete an unused indicator', params: indicatorParams, response: { 204: noContent } } }, async (req, reply) => {
    await service.deleteIndicator(contextOf(req), req.params.id);
    return reply.status(204).send(null);
  });
}
