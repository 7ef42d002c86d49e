import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import { AppError, badRequest } from '../../http/errors.ts';
import { assertPermissionAnywhere } from '../../access.ts';
import * as service from './service.ts';
import { fileOf } from '../../../core/contract.ts';
import { regimeCodeParams, templateQuery, uploadJobResponse, uploadQuery, uploadResponse } from './schema.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** RFC 6266: an ASCII fallback plus the UTF-8 name. */
function attachment(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The uploaded file's bytes; a cut or malformed multipart body is the caller's mistake, not a 500. */
export async function readUploadedFile(req: FastifyRequest): Promise<Buffer> {
  const limit = req.server.config.EXCEL_MAX_BYTES;
  try {
    // The file is read up to the limit and refused there, not read whole first.
    const file = await req.file({ limits: { fileSize: limit, files: 1 } });
    if (file) {
      const bytes = await file.toBuffer();
      // A file cut at the limit can come back without an error: its truncation is the refusal.
      if (file.file.truncated) throw Object.assign(new Error('file too large'), { statusCode: 413 });
      return bytes;
    }
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413) {
      throw new AppError('FILE_TOO_LARGE', 413, `Tệp Excel lớn quá ${limit} byte (EXCEL_MAX_BYTES)`, `The Excel file is larger than ${limit} bytes (EXCEL_MAX_BYTES)`, [
        { path: 'file', messageVi: `Lớn quá ${limit} byte`, messageEn: `Larger than ${limit} bytes` },
      ]);
    }
    throw badRequest('MALFORMED_UPLOAD', 'Dữ liệu tải lên bị hỏng hoặc không đầy đủ', 'The upload is malformed or incomplete', [
      { path: 'file', messageVi: 'Không đọc được tệp gửi lên', messageEn: 'The uploaded file could not be read' },
    ]);
  }
  throw badRequest('FILE_REQUIRED', 'Cần gửi tệp Excel (trường "file")', 'An Excel file is required (field "file")', [{ path: 'file', messageVi: 'Thiếu tệp', messageEn: 'Missing file' }]);
}

export async function excelRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['excel'];
  app.get(
    '/api/regimes/:code/template.xlsx',
    {
      schema: {
        tags,
        summary: "The regime's Excel template for a period and one or several units, current values filled in",
        params: regimeCodeParams,
        querystring: templateQuery,
        response: { 200: fileOf(XLSX_TYPE) },
      },
    },
    async (req, reply) => {
      const { fileName, bytes } = await service.buildTemplate(contextOf(req), req.params.code, req.query);
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(fileName)).send(bytes);
    },
  );
  app.post(
    '/api/regimes/:code/upload',
    {
      schema: {
        tags,
        summary: 'Upload a filled template (multipart, field "file"); every error names the sheet and the cell',
        consumes: ['multipart/form-data'],
        params: regimeCodeParams,
        querystring: uploadQuery,
        response: { 200: uploadResponse, 202: uploadJobResponse },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) {
        throw badRequest('FILE_REQUIRED', 'Cần gửi tệp Excel (multipart/form-data, trường "file")', 'An Excel file is required (multipart/form-data, field "file")', [
          { path: 'file', messageVi: 'Thiếu tệp', messageEn: 'Missing file' },
        ]);
      }
      // Refused before a byte of the file is read: a caller who may write data nowhere.
      assertPermissionAnywhere(req.actor, 'data.write');
      const bytes = await readUploadedFile(req);
      const mode = { dryRun: req.query.dryRun === 'true', atomic: req.query.atomic !== 'false' };
      if (req.query.async === 'true') {
        const started = await service.startUploadJob(contextOf(req), req.params.code, bytes, mode);
        return reply.status(202).send(started);
      }
      return service.uploadWorkbook(contextOf(req), req.params.code, bytes, mode);
    },
  );
}
