import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fileOf } from '../../../core/contract.ts';
import { EVIDENCE_TYPES } from '../../../core/tasks.ts';
import { contextOf } from '../../http/context.ts';
import { AppError, badRequest } from '../../http/errors.ts';
import { attachment } from '../tasks/routes.ts';
import * as service from './service.ts';
import * as figures from './figures.ts';
import {
  answerBody,
  createBatchBody,
  createCaseBody,
  evidenceParams,
  idParams,
  importQuery,
  listBatchesQuery,
  listCasesQuery,
  monitoringUnitBody,
  offendersQuery,
  platformBody,
  publishBody,
  recheckBody,
  scorecardQuery,
  thresholdBody,
  addedMonitoringUnitSchema,
  batchDetailSchema,
  batchListSchema,
  batchSchema,
  caseDetailSchema,
  casePageSchema,
  caseSchema,
  createdPlatformSchema,
  importSummarySchema,
  monitoringUnitSchema,
  offendersSchema,
  platformSchema,
  publishSummarySchema,
  scorecardSchema,
  thresholdSchema,
  uploadedEvidenceSchema,
} from './schema.ts';
import { readTableFile } from './table-file.ts';

/** Import files (CSV or XLSX lists): up to 50 MB. */
const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

/** One uploaded file (multipart field "file"), refused past `limit` bytes. */
async function readUpload(req: FastifyRequest, limit: number, what: { vi: string; en: string }): Promise<{ fileName: string; bytes: Buffer }> {
  const tooLarge = () =>
    new AppError('FILE_TOO_LARGE', 413, `Tệp ${what.vi} lớn quá ${limit} byte`, `The ${what.en} file is larger than ${limit} bytes`, [
      { path: 'file', messageVi: `Lớn quá ${limit} byte`, messageEn: `Larger than ${limit} bytes` },
    ]);
  let file;
  try {
    file = await req.file({ limits: { fileSize: limit, files: 1 } });
    if (file) {
      const bytes = await file.toBuffer();
      if (file.file.truncated) throw tooLarge();
      if (bytes.length === 0) throw badRequest('EMPTY_FILE', 'Tệp rỗng', 'The file is empty', [{ path: 'file', messageVi: 'Tệp rỗng', messageEn: 'Empty file' }]);
      return { fileName: file.filename, bytes };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    if ((err as { statusCode?: number }).statusCode === 413) throw tooLarge();
    throw badRequest('MALFORMED_UPLOAD', 'Dữ liệu tải lên bị hỏng hoặc không đầy đủ', 'The upload is malformed or incomplete', [
      { path: 'file', messageVi: 'Không đọc được tệp gửi lên', messageEn: 'The uploaded file could not be read' },
    ]);
  }
  throw badRequest('FILE_REQUIRED', `Cần gửi tệp ${what.vi} (trường "file")`, `A ${what.en} file is required (field "file")`, [{ path: 'file', messageVi: 'Thiếu tệp', messageEn: 'Missing file' }]);
}

export async function takedownRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['takedown'];
  app.get('/api/takedown/platforms', { schema: { tags, summary: 'Cross-border platforms requests go to', response: { 200: z.array(platformSchema) } } }, (req) =>
    service.listPlatforms(contextOf(req)),
  );
  app.post('/api/takedown/platforms', { schema: { tags, summary: 'Add a platform (takedown.manage)', body: platformBody, response: { 201: createdPlatformSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createPlatform(contextOf(req), req.body);
  });
  app.get('/api/takedown/monitoringUnits', { schema: { tags, summary: 'The monitoring units whose staff work on cases', response: { 200: z.array(monitoringUnitSchema) } } }, (req) =>
    service.listMonitoringUnits(contextOf(req)),
  );
  app.post(
    '/api/takedown/monitoringUnits',
    { schema: { tags, summary: 'Designate a monitoring unit (takedown.manage)', body: monitoringUnitBody, response: { 200: addedMonitoringUnitSchema } } },
    (req) => service.addMonitoringUnit(contextOf(req), req.body.orgUnit),
  );
  app.get('/api/takedown/thresholds', { schema: { tags, summary: 'Repeat-offender thresholds with their legal basis and effective period', response: { 200: z.array(thresholdSchema) } } }, (req) =>
    service.listThresholds(contextOf(req)),
  );
  app.post(
    '/api/takedown/thresholds',
    { schema: { tags, summary: 'Add a repeat-offender threshold version (takedown.manage)', body: thresholdBody, response: { 201: thresholdSchema } } },
    async (req, reply) => {
      reply.status(201);
      return service.addThreshold(contextOf(req), req.body);
    },
  );

  app.get('/api/takedown/batches', { schema: { tags, summary: 'Batches (letters to a platform) with their counts', querystring: listBatchesQuery, response: { 200: batchListSchema } } }, (req) =>
    service.listBatches(contextOf(req), req.query),
  );
  app.post('/api/takedown/batches', { schema: { tags, summary: 'Record a letter to a platform', body: createBatchBody, response: { 201: batchSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createBatch(contextOf(req), req.body);
  });
  app.get('/api/takedown/batches/:id', { schema: { tags, summary: 'A batch with its cases and their outcomes', params: idParams, response: { 200: batchDetailSchema } } }, (req) =>
    service.getBatch(contextOf(req), req.params.id),
  );
  app.post(
    '/api/takedown/batches/:id/cases',
    { schema: { tags, summary: 'Add a case (one item) to a batch', params: idParams, body: createCaseBody, response: { 201: caseSchema } } },
    async (req, reply) => {
      reply.status(201);
      return service.createCase(contextOf(req), req.params.id, req.body);
    },
  );

  app.get(
    '/api/takedown/cases',
    {
      schema: {
        tags,
        summary: 'Cases with filters (platform, period sent, outcome, within the deadline…): also the list behind a figure',
        querystring: listCasesQuery,
        response: { 200: casePageSchema },
      },
    },
    (req) => service.listCases(contextOf(req), req.query),
  );
  app.get('/api/takedown/cases/:id', { schema: { tags, summary: 'A case with its answers, re-checks, evidence and deadline', params: idParams, response: { 200: caseDetailSchema } } }, (req) =>
    service.getCase(contextOf(req), req.params.id),
  );
  app.post(
    '/api/takedown/cases/:id/answers',
    { schema: { tags, summary: "Record a platform's answer (removed, geo-blocked, refused with reason, no answer)", params: idParams, body: answerBody, response: { 201: caseSchema } } },
    async (req, reply) => {
      reply.status(201);
      return service.addAnswer(contextOf(req), req.params.id, req.body);
    },
  );
  app.post(
    '/api/takedown/cases/:id/rechecks',
    { schema: { tags, summary: "Record an officer's re-check: still present or gone", params: idParams, body: recheckBody, response: { 201: caseSchema } } },
    async (req, reply) => {
      reply.status(201);
      return service.addRecheck(contextOf(req), req.params.id, req.body);
    },
  );
  app.post(
    '/api/takedown/cases/:id/evidence',
    {
      schema: {
        tags,
        summary: 'Upload evidence (multipart "file"; PDF, DOCX, XLSX, PNG, JPEG by content)',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: uploadedEvidenceSchema },
      },
    },
    async (req, reply) => {
      const { fileName, bytes } = await readUpload(req, req.server.config.EVIDENCE_MAX_BYTES, { vi: 'minh chứng', en: 'evidence' });
      reply.status(201);
      return service.uploadEvidence(contextOf(req), req.params.id, fileName, bytes);
    },
  );
  app.get(
    '/api/takedown/cases/:id/evidence/:evidenceId',
    { schema: { tags, summary: 'Download an evidence file', params: evidenceParams, response: { 200: fileOf(...Object.values(EVIDENCE_TYPES)) } } },
    async (req, reply) => {
      const file = await service.downloadEvidence(contextOf(req), req.params.id, req.params.evidenceId);
      return reply.header('content-type', file.contentType).header('content-disposition', attachment(file.fileName)).send(file.content);
    },
  );

  app.post(
    '/api/takedown/import/cases',
    {
      schema: {
        tags,
        summary: 'Import cases (and answers) from CSV or XLSX, all or nothing; errors name row and column',
        querystring: importQuery,
        consumes: ['multipart/form-data'],
        response: { 200: importSummarySchema },
      },
    },
    async (req) => {
      const { bytes } = await readUpload(req, IMPORT_MAX_BYTES, { vi: 'danh sách', en: 'list' });
      const table = await readTableFile(bytes);
      return service.importCases(contextOf(req), table, { orgUnit: req.query.orgUnit, dryRun: req.query.dryRun === 'true', fileSha256: createHash('sha256').update(bytes).digest('hex') });
    },
  );
  app.post(
    '/api/takedown/import/answers',
    {
      schema: {
        tags,
        summary: "Import a platform's answer list from CSV or XLSX, all or nothing",
        querystring: importQuery,
        consumes: ['multipart/form-data'],
        response: { 200: importSummarySchema },
      },
    },
    async (req) => {
      const { bytes } = await readUpload(req, IMPORT_MAX_BYTES, { vi: 'danh sách', en: 'list' });
      const table = await readTableFile(bytes);
      return service.importAnswers(contextOf(req), table, { dryRun: req.query.dryRun === 'true', fileSha256: createHash('sha256').update(bytes).digest('hex') });
    },
  );

  app.get(
    '/api/takedown/scorecard',
    {
      schema: {
        tags,
        summary: 'Platform scorecard: removed, geo-blocked, refused, no answer, within 24 h, per platform and quarter or month',
        querystring: scorecardQuery,
        response: { 200: scorecardSchema },
      },
    },
    (req) => service.scorecard(contextOf(req), req.query),
  );
  app.get(
    '/api/takedown/offenders',
    { schema: { tags, summary: 'Repeat offenders: accounts over a threshold in rolling 30 / 90 days', querystring: offendersQuery, response: { 200: offendersSchema } } },
    (req) => service.listRepeatOffenders(contextOf(req), req.query),
  );
  app.post(
    '/api/takedown/figures/publish',
    {
      schema: {
        tags,
        summary: "Write a year's case-derived monthly counts as approved data values of the takedown data elements (takedown.manage)",
        body: publishBody,
        response: { 200: publishSummarySchema },
      },
    },
    (req) => figures.publishFigures(contextOf(req), req.body.year),
  );
}
