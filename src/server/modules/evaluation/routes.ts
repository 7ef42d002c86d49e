import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import {
  appealSchema,
  computedSchema,
  decisionListSchema,
  generalScoreSchema,
  personEvaluationSchema,
  taskMarkSchema,
  unitEvaluationSchema,
  yearRecordSchema,
  appealBody,
  appealOutcomeBody,
  appealParams,
  collectiveBody,
  computeBody,
  decisionBody,
  generalBody,
  generalParams,
  managerBody,
  ruleSetParams,
  ruleSetsResponse,
  ruleVersionBody,
  ruleVersionSchema,
  selfBody,
  staffParams,
  staffYearParams,
  taskMarkBody,
  taskParams,
  unitQuery,
  yearQuery,
} from './schema.ts';

export async function evaluationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['evaluation'];
  app.get(
    '/api/evaluation/rule-sets',
    {
      schema: {
        tags,
        summary: 'The evaluation rule sets (Decree 335/2025, Decree 90/2020 as amended by 48/2023) with every version of their values: legal basis, effective period, in force or past',
        response: { 200: ruleSetsResponse },
      },
    },
    (req) => service.ruleSetsInForce(contextOf(req)),
  );
  app.post(
    '/api/evaluation/rule-sets/:id/versions',
    {
      schema: {
        tags,
        summary: "A new version of a rule set's values (e.g. a province's conversion factors), with its legal basis and effective period (system administrators)",
        params: ruleSetParams,
        body: ruleVersionBody,
        response: { 201: ruleVersionSchema },
      },
    },
    async (req, reply) => {
      const version = await service.addRuleVersion(contextOf(req), req.params.id, req.body);
      reply.status(201);
      return version;
    },
  );
  app.get(
    '/api/evaluation/me',
    {
      schema: {
        tags,
        summary: 'My evaluation of the year: period scores with their source tasks, my self-assessment, the decision, my appeals',
        querystring: yearQuery,
        response: { 200: personEvaluationSchema },
      },
    },
    (req) => service.myEvaluation(contextOf(req), req.query.year, req.query.lang),
  );
  app.get(
    '/api/evaluation/staff/:id',
    {
      schema: {
        tags,
        summary: "One person's evaluation of the year (themselves, or their unit's managers and HR)",
        params: staffParams,
        querystring: yearQuery,
        response: { 200: personEvaluationSchema },
      },
    },
    (req) => service.staffEvaluation(contextOf(req), req.params.id, req.query.year, req.query.lang),
  );
  app.get(
    '/api/evaluation/units',
    {
      schema: { tags, summary: "A unit's evaluations: points, ratings, the HTXSNV quota line and who is above it, who has no tasks", querystring: unitQuery, response: { 200: unitEvaluationSchema } },
    },
    (req) => service.unitEvaluation(contextOf(req), req.query, req.query.lang),
  );
  app.get(
    '/api/evaluation/decisions',
    { schema: { tags, summary: "The year's decisions in scope, with overrides and appeals", querystring: unitQuery, response: { 200: decisionListSchema } } },
    (req) => service.listDecisions(contextOf(req), req.query),
  );
  app.post(
    '/api/evaluation/compute',
    { schema: { tags, summary: 'Compute and store the period scores, with their sources, of the people in scope', body: computeBody, response: { 200: computedSchema } } },
    (req) => service.computeAndStore(contextOf(req), req.body),
  );
  app.put(
    '/api/evaluation/staff/:id/general/:period',
    {
      schema: {
        tags,
        summary: "The manager's general-criteria points for a month or quarter (a comment below full marks)",
        params: generalParams,
        body: generalBody,
        response: { 200: generalScoreSchema.nullable() },
      },
    },
    (req) => service.scoreGeneral(contextOf(req), req.params.id, req.params.period, req.body),
  );
  app.put(
    '/api/evaluation/tasks/:id/mark',
    {
      schema: { tags, summary: "The manager's judgement of a task as a product: kind, quality errors, exceeded", params: taskParams, body: taskMarkBody, response: { 200: taskMarkSchema.nullable() } },
    },
    (req) => service.markTask(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/evaluation/staff/:id/years/:year/self',
    { schema: { tags, summary: 'Self-assessment and proposed rating (the person evaluated)', params: staffYearParams, body: selfBody, response: { 200: yearRecordSchema.nullable() } } },
    (req) => service.selfAssess(contextOf(req), req.params.id, req.params.year, req.body),
  );
  app.post(
    '/api/evaluation/staff/:id/years/:year/collective',
    { schema: { tags, summary: "The collective's comments (recorded by the manager)", params: staffYearParams, body: collectiveBody, response: { 200: yearRecordSchema.nullable() } } },
    (req) => service.collectiveComment(contextOf(req), req.params.id, req.params.year, req.body.comment),
  );
  app.post(
    '/api/evaluation/staff/:id/years/:year/manager',
    { schema: { tags, summary: "The manager's assessment, proposed rating and discipline in the year", params: staffYearParams, body: managerBody, response: { 200: yearRecordSchema.nullable() } } },
    (req) => service.managerAssess(contextOf(req), req.params.id, req.params.year, req.body),
  );
  app.post(
    '/api/evaluation/staff/:id/years/:year/decision',
    {
      schema: { tags, summary: "The decision: the computed rating, or another with the council's reason", params: staffYearParams, body: decisionBody, response: { 200: yearRecordSchema.nullable() } },
    },
    (req) => service.decide(contextOf(req), req.params.id, req.params.year, req.body),
  );
  app.post(
    '/api/evaluation/staff/:id/years/:year/appeal',
    { schema: { tags, summary: 'Appeal the decision (the person evaluated)', params: staffYearParams, body: appealBody, response: { 201: appealSchema.nullable() } } },
    async (req, reply) => {
      reply.status(201);
      return service.appeal(contextOf(req), req.params.id, req.params.year, req.body.reason);
    },
  );
  app.post(
    '/api/evaluation/appeals/:id/outcome',
    { schema: { tags, summary: "An appeal's outcome: upheld with a new rating, or rejected, with a note", params: appealParams, body: appealOutcomeBody, response: { 200: appealSchema.nullable() } } },
    (req) => service.decideAppeal(contextOf(req), req.params.id, req.body),
  );
}
