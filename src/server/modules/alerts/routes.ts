import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { noContent } from '../../../core/contract.ts';
import { actBody, alertPage, alertRuleSchema, alertSchema, createRuleBody, evaluationSummarySchema, idParams, listAlertsQuery, notificationSchema, updateRuleBody } from './schema.ts';

export async function alertRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['alerts'];
  app.get(
    '/api/alerts',
    { schema: { tags, summary: 'Alerts on units in scope (filters: state, severity, type, orgUnit subtree, period, rule)', querystring: listAlertsQuery, response: { 200: alertPage } } },
    (req) => service.listAlerts(contextOf(req), req.query),
  );
  app.get('/api/alerts/:id', { schema: { tags, summary: 'One alert', params: idParams, response: { 200: alertSchema } } }, (req) => service.getAlert(contextOf(req), req.params.id));
  app.post('/api/alerts/:id/acknowledge', { schema: { tags, summary: 'Acknowledge an alert (audited)', params: idParams, body: actBody, response: { 200: alertSchema } } }, (req) =>
    service.actOnAlert(contextOf(req), req.params.id, 'ACKNOWLEDGED', req.body?.note),
  );
  app.post('/api/alerts/:id/resolve', { schema: { tags, summary: 'Resolve an alert (audited)', params: idParams, body: actBody, response: { 200: alertSchema } } }, (req) =>
    service.actOnAlert(contextOf(req), req.params.id, 'RESOLVED', req.body?.note),
  );
  app.post('/api/alerts/evaluate', { schema: { tags, summary: 'Evaluate every active rule now (the background job does it on a schedule)', response: { 200: evaluationSummarySchema } } }, (req) =>
    service.runEvaluation(contextOf(req)),
  );
  app.get('/api/alert-rules', { schema: { tags, summary: 'Alert rules', response: { 200: z.array(alertRuleSchema) } } }, (req) => service.listRules(contextOf(req)));
  app.post('/api/alert-rules', { schema: { tags, summary: 'Create an alert rule', body: createRuleBody, response: { 201: alertRuleSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createRule(contextOf(req), req.body);
  });
  app.patch(
    '/api/alert-rules/:code',
    { schema: { tags, summary: 'Update an alert rule', params: z.strictObject({ code: z.string().min(1) }), body: updateRuleBody, response: { 200: alertRuleSchema } } },
    (req) => service.updateRule(contextOf(req), req.params.code, req.body),
  );
  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: 'My in-app notifications',
        querystring: z.object({ unread: z.enum(['true', 'false']).optional(), lang: z.enum(['vi', 'en']).optional() }),
        response: { 200: z.array(notificationSchema) },
      },
    },
    (req) => service.listMyNotifications(contextOf(req), req.query.unread === 'true'),
  );
  app.post('/api/notifications/:id/read', { schema: { tags, summary: 'Mark a notification read', params: idParams, response: { 204: noContent } } }, async (req, reply) => {
    await service.readNotification(contextOf(req), req.params.id);
    return reply.status(204).send(null);
  });
}
