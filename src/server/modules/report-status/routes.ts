import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.ts';
import { codeParams } from '../regimes/schema.ts';
import * as service from './service.ts';
import {
  completenessQuery,
  completenessSchema,
  myReportsSchema,
  reasonBody,
  remindAnswer,
  remindBody,
  reportStatusAnswer,
  reportStatusSchema,
  statusKeyBody,
  statusQuery,
  submitAnswer,
  submitBody,
} from './schema.ts';

export async function reportStatusRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['report workflow'];
  app.get(
    '/api/regimes/:code/status',
    { schema: { tags, summary: 'Status of one report (unit × period)', params: codeParams, querystring: statusQuery, response: { 200: reportStatusAnswer } } },
    (req) => service.getStatus(contextOf(req), req.params.code, req.query),
  );
  app.post(
    '/api/regimes/:code/submit',
    { schema: { tags, summary: 'Submit a report (runs the checks; on time or late); a comment explains warnings', params: codeParams, body: submitBody, response: { 200: submitAnswer } } },
    (req) => service.submitReport(contextOf(req), req.params.code, req.body),
  );
  app.post('/api/regimes/:code/return', { schema: { tags, summary: 'Return a submitted report with a reason', params: codeParams, body: reasonBody, response: { 200: reportStatusSchema } } }, (req) =>
    service.returnReport(contextOf(req), req.params.code, req.body),
  );
  app.post('/api/regimes/:code/approve', { schema: { tags, summary: 'Approve a submitted report', params: codeParams, body: statusKeyBody, response: { 200: reportStatusSchema } } }, (req) =>
    service.approveReport(contextOf(req), req.params.code, req.body),
  );
  app.post(
    '/api/regimes/:code/reopen',
    { schema: { tags, summary: 'Reopen an approved report or a locked period, with a reason', params: codeParams, body: reasonBody, response: { 200: reportStatusSchema } } },
    (req) => service.reopenReport(contextOf(req), req.params.code, req.body),
  );
  app.post(
    '/api/regimes/:code/withdraw',
    {
      schema: {
        tags,
        summary: 'Take back a submitted report that is not yet approved, with a reason (its values return to draft)',
        params: codeParams,
        body: reasonBody,
        response: { 200: reportStatusSchema },
      },
    },
    (req) => service.withdrawReport(contextOf(req), req.params.code, req.body),
  );
  app.post(
    '/api/regimes/:code/remind',
    {
      schema: {
        tags,
        summary: 'Remind the units whose report of a period is overdue, in the app and by e-mail (through their overdue-report alert); audited',
        params: codeParams,
        body: remindBody,
        response: { 200: remindAnswer },
      },
    },
    (req) => service.remindLateUnits(contextOf(req), req.params.code, req.body),
  );
  app.get(
    '/api/reports/mine',
    {
      schema: {
        tags,
        summary: 'My work on reports: due, overdue and returned reports of units I write for, submitted ones of units I approve',
        querystring: z.strictObject({ lang: z.enum(['vi', 'en']).optional() }),
        response: { 200: myReportsSchema },
      },
    },
    (req) => service.listMyReports(contextOf(req)),
  );
  app.get(
    '/api/regimes/:code/completeness',
    {
      schema: {
        tags,
        summary: 'Completeness and timeliness per subtree and unit; periods=a;b for a heatmap',
        params: codeParams,
        querystring: completenessQuery,
        response: { 200: completenessSchema },
      },
    },
    (req) => service.getCompleteness(contextOf(req), req.params.code, req.query),
  );
}
