import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { z } from 'zod';
import { noContent } from '../../../core/contract.ts';
import { analysisParams, saveAnalysisBody, savedAnalysisSchema } from './schema.ts';

export async function savedAnalysisRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];
  app.get('/api/analyses', { schema: { tags, summary: 'My saved analyses (name and the analysis screen’s selection)', response: { 200: z.array(savedAnalysisSchema) } } }, (req) =>
    service.listSavedAnalyses(contextOf(req)),
  );
  app.post(
    '/api/analyses',
    { schema: { tags, summary: 'Save an analysis by name (the same name replaces it)', body: saveAnalysisBody, response: { 200: savedAnalysisSchema, 201: savedAnalysisSchema } } },
    async (req, reply) => {
      const { created, analysis } = await service.saveAnalysis(contextOf(req), req.body);
      return reply.status(created ? 201 : 200).send(analysis);
    },
  );
  app.delete('/api/analyses/:id', { schema: { tags, summary: 'Delete one of my saved analyses', params: analysisParams, response: { 204: noContent } } }, async (req, reply) => {
    await service.deleteAnalysis(contextOf(req), req.params.id);
    return reply.status(204).send(null);
  });
}
