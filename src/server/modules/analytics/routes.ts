import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { toCsv, toXlsx } from './output.ts';
import { analyticsQuery, explainQuery, type AnalyticsQuery } from './schema.ts';

async function send(req: FastifyRequest, reply: FastifyReply, query: AnalyticsQuery, format: 'json' | 'csv' | 'xlsx') {
  const result = await service.queryAnalytics(contextOf(req), query);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="analytics.csv"').send(toCsv(result));
  if (format === 'xlsx') {
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="analytics.xlsx"')
      .send(await toXlsx(result));
  }
  return result;
}

export async function analyticsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];
  const summary = 'Aggregated values, live: dimension=dx:…;…&dimension=pe:…&dimension=ou:…&filter=…';
  app.get('/api/analytics', { schema: { tags, summary, querystring: analyticsQuery } }, (req, reply) => send(req, reply, req.query, req.query.format ?? 'json'));
  app.get('/api/analytics.json', { schema: { tags, summary, querystring: analyticsQuery } }, (req, reply) => send(req, reply, req.query, 'json'));
  app.get('/api/analytics.csv', { schema: { tags, summary: 'Analytics as CSV', querystring: analyticsQuery } }, (req, reply) => send(req, reply, req.query, 'csv'));
  app.get('/api/analytics.xlsx', { schema: { tags, summary: 'Analytics as an Excel workbook', querystring: analyticsQuery } }, (req, reply) => send(req, reply, req.query, 'xlsx'));
  app.get('/api/analytics/explain', { schema: { tags, summary: 'How one cell was computed: raw values, aggregation, arithmetic', querystring: explainQuery } }, (req) =>
    service.explainCell(contextOf(req), req.query),
  );
}
