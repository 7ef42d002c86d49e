import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import { AppError, badRequest, unauthenticated } from '../../http/errors.ts';
import { assertPermissionAnywhere } from '../../access.ts';
import { createHash } from 'node:crypto';
import { fileOf } from '../../../core/contract.ts';
import { EVIDENCE_TYPES } from '../../../core/tasks.ts';
import { readUploadedFile } from '../excel/routes.ts';
import * as excel from './excel.ts';
import * as service from './service.ts';
import {
  createTaskBody,
  exportTasksQuery,
  importTasksQuery,
  decisionBody,
  doneBody,
  evidenceParams,
  extensionBody,
  listTasksQuery,
  progressBody,
  reasonBody,
  scorecardQuery,
  taskParams,
  updateTaskBody,
  taskDetailSchema,
  taskImportSchema,
  taskListSchema,
  taskSchema,
  taskScorecardSchema,
  uploadedEvidenceSchema,
} from './schema.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** RFC 6266: an ASCII fallback plus the UTF-8 name. */
export function attachment(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The uploaded evidence file, read up to EVIDENCE_MAX_BYTES and refused there. */
export async function readEvidenceFile(req: FastifyRequest): Promise<{ fileName: string; bytes: Buffer }> {
  const limit = req.server.config.EVIDENCE_MAX_BYTES;
  const tooLarge = () =>
    new AppError('FILE_TOO_LARGE', 413, `Tệp minh chứng lớn quá ${limit} byte (EVIDENCE_MAX_BYTES)`, `The evidence file is larger than ${limit} bytes (EVIDENCE_MAX_BYTES)`, [
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
  throw badRequest('FILE_REQUIRED', 'Cần gửi tệp minh chứng (trường "file")', 'An evidence file is required (field "file")', [{ path: 'file', messageVi: 'Thiếu tệp', messageEn: 'Missing file' }]);
}

export async function taskRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['tasks'];
  app.get(
    '/api/tasks',
    { schema: { tags, summary: 'Tasks I may read (view MINE: my units; ASSIGNED: assigned by my units), with computed status', querystring: listTasksQuery, response: { 200: taskListSchema } } },
    (req) => service.listTasks(contextOf(req), req.query),
  );
  app.get(
    '/api/tasks/scorecard',
    {
      schema: {
        tags,
        summary: 'Scorecard by unit, sector, source document or month: assigned, done on time / late, open within deadline / overdue, rates',
        querystring: scorecardQuery,
        response: { 200: taskScorecardSchema },
      },
    },
    (req) => service.taskScorecard(contextOf(req), req.query),
  );
  app.get('/api/tasks/scorecard.xlsx', { schema: { tags, summary: 'The scorecard as an Excel workbook', querystring: scorecardQuery, response: { 200: fileOf(XLSX_TYPE) } } }, async (req, reply) => {
    const { fileName, bytes } = await service.taskScorecardWorkbook(contextOf(req), req.query);
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', attachment(fileName)).send(bytes);
  });
  app.get(
    '/api/tasks/export.xlsx',
    {
      schema: {
        tags,
        summary: 'The tasks the list shows (same filters, your scopes) as the Excel task list, which imports again',
        querystring: exportTasksQuery,
        response: { 200: fileOf(XLSX_TYPE) },
      },
    },
    async (req, reply) => {
      const { fileName, bytes } = await excel.exportTasksWorkbook(contextOf(req), req.query);
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(fileName)).send(bytes);
    },
  );
  app.get(
    '/api/tasks/template.xlsx',
    { schema: { tags, summary: 'The empty Excel task list to fill (one row a task), with the allowed values', response: { 200: fileOf(XLSX_TYPE) } } },
    async (req, reply) => {
      const { fileName, bytes } = await excel.taskTemplateWorkbook(contextOf(req));
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(fileName)).send(bytes);
    },
  );
  app.post(
    '/api/tasks/import',
    {
      schema: {
        tags,
        summary: 'Import an Excel task list (multipart, field "file"), all or nothing; every error names the sheet and the cell; dryRun=true previews',
        querystring: importTasksQuery,
        consumes: ['multipart/form-data'],
        response: { 200: taskImportSchema },
      },
    },
    async (req) => {
      if (!req.isMultipart()) {
        throw badRequest('FILE_REQUIRED', 'Cần gửi tệp Excel (multipart/form-data, trường "file")', 'An Excel file is required (multipart/form-data, field "file")', [
          { path: 'file', messageVi: 'Thiếu tệp', messageEn: 'Missing file' },
        ]);
      }
      // Refused before a byte of the file is read: a caller who assigns tasks nowhere.
      if (req.actor.kind === 'anonymous') throw unauthenticated();
      assertPermissionAnywhere(req.actor, 'task.assign');
      const bytes = await readUploadedFile(req);
      return excel.importTasks(contextOf(req), bytes, {
        dryRun: req.query.dryRun === 'true',
        assigningOrgUnit: req.query.assigningOrgUnit,
        fileSha256: createHash('sha256').update(bytes).digest('hex'),
      });
    },
  );
  app.get('/api/tasks/:id', { schema: { tags, summary: 'One task with its history, evidence, links and subtasks', params: taskParams, response: { 200: taskDetailSchema } } }, (req) =>
    service.getTask(contextOf(req), req.params.id),
  );
  app.post(
    '/api/tasks',
    { schema: { tags, summary: 'Assign a task (task.assign on the assigning and the lead unit); a subtask names its parent', body: createTaskBody, response: { 201: taskSchema } } },
    async (req, reply) => {
      reply.status(201);
      return service.createTask(contextOf(req), req.body);
    },
  );
  app.patch(
    '/api/tasks/:id',
    { schema: { tags, summary: 'Edit a task (the assigning unit); the due date changes only by an approved extension', params: taskParams, body: updateTaskBody, response: { 200: taskSchema } } },
    (req) => service.updateTask(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/tasks/:id/evidence',
    {
      schema: {
        tags,
        summary: 'Upload one evidence file (multipart, field "file"; PDF, DOCX, XLSX, PNG, JPEG by content; EVIDENCE_MAX_BYTES)',
        params: taskParams,
        consumes: ['multipart/form-data'],
        response: { 201: uploadedEvidenceSchema },
      },
    },
    async (req, reply) => {
      const { fileName, bytes } = await readEvidenceFile(req);
      reply.status(201);
      return service.uploadEvidence(contextOf(req), req.params.id, fileName, bytes);
    },
  );
  app.get(
    '/api/tasks/:id/evidence/:evidenceId',
    { schema: { tags, summary: 'Download an evidence file', params: evidenceParams, response: { 200: fileOf(...Object.values(EVIDENCE_TYPES)) } } },
    async (req, reply) => {
      const file = await service.downloadEvidence(contextOf(req), req.params.id, req.params.evidenceId);
      return reply.header('content-type', file.contentType).header('content-disposition', attachment(file.fileName)).send(file.content);
    },
  );
  app.post('/api/tasks/:id/progress', { schema: { tags, summary: 'Report progress (percent, note, evidence)', params: taskParams, body: progressBody, response: { 200: taskSchema } } }, (req) =>
    service.reportProgress(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/tasks/:id/done',
    { schema: { tags, summary: 'Report the task done, with evidence (the assigner confirms)', params: taskParams, body: doneBody, response: { 200: taskSchema } } },
    (req) => service.reportDone(contextOf(req), req.params.id, req.body),
  );
  app.post('/api/tasks/:id/confirm', { schema: { tags, summary: 'Confirm a done report (the assigning unit)', params: taskParams, body: reasonBody, response: { 200: taskSchema } } }, (req) =>
    service.confirmDone(contextOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/api/tasks/:id/return',
    { schema: { tags, summary: 'Return a done report with a reason (the assigning unit)', params: taskParams, body: reasonBody, response: { 200: taskSchema } } },
    (req) => service.returnTask(contextOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/api/tasks/:id/extension',
    { schema: { tags, summary: 'Request an extension: a new due date and a reason', params: taskParams, body: extensionBody, response: { 200: taskSchema } } },
    (req) => service.requestExtension(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/tasks/:id/extension/decision',
    { schema: { tags, summary: 'Approve or reject the pending extension (the assigning unit)', params: taskParams, body: decisionBody, response: { 200: taskSchema } } },
    (req) => service.decideExtension(contextOf(req), req.params.id, req.body),
  );
  app.post('/api/tasks/:id/cancel', { schema: { tags, summary: 'Cancel a task with a reason (the assigning unit)', params: taskParams, body: reasonBody, response: { 200: taskSchema } } }, (req) =>
    service.cancelTask(contextOf(req), req.params.id, req.body.reason),
  );
}
