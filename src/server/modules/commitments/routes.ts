import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fileOf, noContent } from '../../../core/contract.ts';
import { EVIDENCE_TYPES } from '../../../core/tasks.ts';
import { contextOf } from '../../http/context.ts';
import { attachment, readEvidenceFile } from '../tasks/routes.ts';
import * as service from './service.ts';
import {
  commitmentDetailSchema,
  commitmentListSchema,
  commitmentParams,
  commitmentSchema,
  createCommitmentBody,
  evidenceParams,
  judgementBody,
  listCommitmentsQuery,
  resultParams,
  updateCommitmentBody,
  uploadedCommitmentEvidenceSchema,
} from './schema.ts';

export async function commitmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['commitments'];
  app.get(
    '/api/commitments',
    {
      schema: {
        tags,
        summary: "Officials' commitments in scope (dueYear: ending that year; atRisk), each with its outcome or forecast and reasons",
        querystring: listCommitmentsQuery,
        response: { 200: commitmentListSchema },
      },
    },
    (req) => service.listCommitments(contextOf(req), req.query),
  );
  app.get(
    '/api/commitments/:id',
    { schema: { tags, summary: 'One commitment: results, links, evidence, outcome or forecast and the reasons', params: commitmentParams, response: { 200: commitmentDetailSchema } } },
    (req) => service.getCommitment(contextOf(req), req.params.id),
  );
  app.post(
    '/api/commitments',
    {
      schema: {
        tags,
        summary: "Record an official's commitment (commitment.manage on the unit); every result linked to tasks or targets, or reviewer-judged",
        body: createCommitmentBody,
        response: { 201: commitmentSchema },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return service.createCommitment(contextOf(req), req.body);
    },
  );
  app.put(
    '/api/commitments/:id',
    {
      schema: {
        tags,
        summary: 'Edit a commitment (commitment.manage): header and results by their place; a judged result keeps its wording, one with a verdict or evidence is not removed',
        params: commitmentParams,
        body: updateCommitmentBody,
        response: { 200: commitmentSchema },
      },
    },
    (req) => service.updateCommitment(contextOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/commitments/:id',
    { schema: { tags, summary: 'Delete a commitment while nothing on it has been judged (commitment.manage; audited with what it was)', params: commitmentParams, response: { 204: noContent } } },
    async (req, reply) => {
      await service.deleteCommitment(contextOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/commitments/:id/results/:resultId/evidence',
    {
      schema: {
        tags,
        summary: 'Upload an evidence file for a reviewer-judged result (multipart, field "file"; PDF, DOCX, XLSX, PNG, JPEG by content)',
        params: resultParams,
        consumes: ['multipart/form-data'],
        response: { 201: uploadedCommitmentEvidenceSchema },
      },
    },
    async (req, reply) => {
      const { fileName, bytes } = await readEvidenceFile(req);
      reply.status(201);
      return service.uploadEvidence(contextOf(req), req.params.id, req.params.resultId, fileName, bytes);
    },
  );
  app.get(
    '/api/commitments/:id/evidence/:evidenceId',
    { schema: { tags, summary: 'Download an evidence file of a commitment', params: evidenceParams, response: { 200: fileOf(...Object.values(EVIDENCE_TYPES)) } } },
    async (req, reply) => {
      const file = await service.downloadEvidence(contextOf(req), req.params.id, req.params.evidenceId);
      return reply.header('content-type', file.contentType).header('content-disposition', attachment(file.fileName)).send(file.content);
    },
  );
  app.post(
    '/api/commitments/:id/results/:resultId/judgement',
    {
      schema: { tags, summary: "The reviewer's verdict on a reviewer-judged result, with evidence (commitment.judge)", params: resultParams, body: judgementBody, response: { 200: commitmentSchema } },
    },
    (req) => service.judgeResult(contextOf(req), req.params.id, req.params.resultId, req.body),
  );
}
