import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { registerValidationSubmitCheck } from './submit-check.ts';
import { codeParams, createRuleBody, listRulesQuery, ruleSchema, runValidationBody, runValidationResponse, testRuleBody, testRuleResponse, updateRuleBody } from './schema.ts';

export async function validationRuleRoutes(fastify: FastifyInstance) {
  registerValidationSubmitCheck();
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['validation'];
  app.get('/api/validation-rules', { schema: { tags, summary: 'List validation rules (of a regime)', querystring: listRulesQuery, response: { 200: z.array(ruleSchema) } } }, (req) =>
    service.listRules(contextOf(req), req.query),
  );
  app.post(
    '/api/validation-rules/test',
    { schema: { tags, summary: 'Try a rule on one unit and period before saving it; nothing is stored', body: testRuleBody, response: { 200: testRuleResponse } } },
    (req) => service.testRule(contextOf(req), req.body),
  );
  app.get('/api/validation-rules/:code', { schema: { tags, summary: 'One validation rule', params: codeParams, response: { 200: ruleSchema } } }, (req) =>
    service.getRule(contextOf(req), req.params.code),
  );
  app.post('/api/validation-rules', { schema: { tags, summary: 'Create a validation rule; expressions are checked', body: createRuleBody, response: { 201: ruleSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createRule(contextOf(req), req.body);
  });
  app.patch('/api/validation-rules/:code', { schema: { tags, summary: 'Change a validation rule', params: codeParams, body: updateRuleBody, response: { 200: ruleSchema } } }, (req) =>
    service.updateRule(contextOf(req), req.params.code, req.body),
  );
  app.delete('/api/validation-rules/:code', { schema: { tags, summary: 'Delete a validation rule', params: codeParams, response: { 204: z.null() } } }, async (req, reply) => {
    await service.deleteRule(contextOf(req), req.params.code);
    return reply.status(204).send(null);
  });
  app.post('/api/validation/run', { schema: { tags, summary: 'Run validation rules over a subtree and periods', body: runValidationBody, response: { 200: runValidationResponse } } }, (req) =>
    service.runValidation(contextOf(req), req.body),
  );
}
