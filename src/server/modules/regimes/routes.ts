import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { z } from 'zod';
import {
  codeParams,
  createRegimeBody,
  formQuery,
  formSchema,
  langQuery,
  regimeOrgUnitsQuery,
  regimeOrgUnitsSchema,
  regimePeriodsQuery,
  regimePeriodsSchema,
  regimeSchema,
  saveFormBody,
  saveFormSchema,
  updateRegimeBody,
} from './schema.ts';

export async function regimeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['report regimes'];
  app.get('/api/regimes', { schema: { tags, summary: 'List report regimes (Decree 09/2019)', querystring: langQuery, response: { 200: z.array(regimeSchema) } } }, (req) =>
    service.listRegimes(contextOf(req)),
  );
  app.post('/api/regimes', { schema: { tags, summary: 'Create a report regime with its form and reporting units', body: createRegimeBody, response: { 201: regimeSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createRegime(contextOf(req), req.body);
  });
  app.get('/api/regimes/:code', { schema: { tags, summary: 'One report regime', params: codeParams, querystring: langQuery, response: { 200: regimeSchema } } }, (req) =>
    service.getRegime(contextOf(req), req.params.code),
  );
  app.patch(
    '/api/regimes/:code',
    { schema: { tags, summary: 'Update a regime; sections and assignments are replaced when given', params: codeParams, body: updateRegimeBody, response: { 200: regimeSchema } } },
    (req) => service.updateRegime(contextOf(req), req.params.code, req.body),
  );
  app.get(
    '/api/regimes/:code/periods',
    { schema: { tags, summary: 'Recent and open periods with due and lock dates', params: codeParams, querystring: regimePeriodsQuery, response: { 200: regimePeriodsSchema } } },
    (req) => service.listRegimePeriods(contextOf(req), req.params.code, req.query),
  );
  app.get(
    '/api/regimes/:code/orgUnits',
    { schema: { tags, summary: 'The units reporting under the regime in a period', params: codeParams, querystring: regimeOrgUnitsQuery, response: { 200: regimeOrgUnitsSchema } } },
    (req) => service.listRegimeOrgUnits(contextOf(req), req.params.code, req.query),
  );
  app.get(
    '/api/regimes/:code/form',
    { schema: { tags, summary: 'The form for one unit and period: values, status, editability', params: codeParams, querystring: formQuery, response: { 200: formSchema } } },
    (req) => service.getForm(contextOf(req), req.params.code, req.query.orgUnit, req.query.period),
  );
  app.put(
    '/api/regimes/:code/form',
    { schema: { tags, summary: 'Save a form draft; per-field errors', params: codeParams, querystring: formQuery, body: saveFormBody, response: { 200: saveFormSchema } } },
    (req) => service.saveForm(contextOf(req), req.params.code, req.query.orgUnit, req.query.period, req.body),
  );
}
