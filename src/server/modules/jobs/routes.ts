import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { jobParams, jobSchema, listJobsQuery } from './schema.ts';

export async function jobRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['jobs'];
  app.get('/api/jobs', { schema: { tags, summary: "The caller's latest 20 background jobs, newest first", querystring: listJobsQuery, response: { 200: z.array(jobSchema) } } }, (req) =>
    service.listMyJobs(contextOf(req)),
  );
  app.get('/api/jobs/:id', { schema: { tags, summary: 'One background job: status, progress, then its result or its error', params: jobParams, response: { 200: jobSchema } } }, (req) =>
    service.getJob(contextOf(req), req.params.id),
  );
}
