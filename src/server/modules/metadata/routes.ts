import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import {
  createDataElementBody,
  dataElementDetailSchema,
  dataElementPage,
  createDisaggregationBody,
  disaggregationSchema,
  listDataElementsQuery,
  listQuery,
  refParams,
  updateDataElementBody,
} from './schema.ts';

export async function metadataRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['metadata'];
  app.get('/api/dataElements', { schema: { tags, summary: 'List data elements (search ignores accents)', querystring: listDataElementsQuery, response: { 200: dataElementPage } } }, (req) =>
    service.listDataElements(contextOf(req), req.query),
  );
  app.post('/api/dataElements', { schema: { tags, summary: 'Create a data element', body: createDataElementBody, response: { 201: dataElementDetailSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createDataElement(contextOf(req), req.body);
  });
  app.get('/api/dataElements/:ref', { schema: { tags, summary: 'One data element by code or id:N', params: refParams, response: { 200: dataElementDetailSchema } } }, (req) =>
    service.getDataElement(contextOf(req), req.params.ref),
  );
  app.patch('/api/dataElements/:ref', { schema: { tags, summary: 'Update a data element', params: refParams, body: updateDataElementBody, response: { 200: dataElementDetailSchema } } }, (req) =>
    service.updateDataElement(contextOf(req), req.params.ref, req.body),
  );
  app.get('/api/disaggregations', { schema: { tags, summary: 'List disaggregations with their options', querystring: listQuery, response: { 200: z.array(disaggregationSchema) } } }, (req) =>
    service.listDisaggregations(contextOf(req), req.query),
  );
  app.post(
    '/api/disaggregations',
    { schema: { tags, summary: 'Create a disaggregation with its options', body: createDisaggregationBody, response: { 201: disaggregationSchema } } },
    async (req, reply) => {
      reply.status(201);
      return service.createDisaggregation(contextOf(req), req.body);
    },
  );
  app.get('/api/disaggregations/:ref', { schema: { tags, summary: 'One disaggregation by code or id:N', params: refParams, response: { 200: disaggregationSchema } } }, (req) =>
    service.getDisaggregation(contextOf(req), req.params.ref),
  );
}
