import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Readable } from 'node:stream';
import { contextOf } from '../../http/context.ts';
import { StringDecoder } from 'node:string_decoder';
import { AppError, badRequest } from '../../http/errors.ts';
import * as service from './service.ts';
import { exportDataValueSet, type ExportFormat } from './export.ts';
import { ASYNC_IMPORT_MAX_BYTES, startAsyncImport, taskNotifications, taskSummary } from './async-import.ts';
import { flagOf, parseIdScheme, parseImportStrategy, refuseNonDefaultParams, type Dhis2ImportOptions } from './dhis2.ts';
import { errorAnswer, fileOf } from '../../../core/contract.ts';
import {
  dataValueSetQuery,
  exportedSetSchema,
  exportQuery,
  historyQuery,
  historySchema,
  importSummarySchema,
  importWebMessageSchema,
  jobWebMessageSchema,
  listValuesQuery,
  storedValuesSchema,
  taskNotificationsSchema,
  writeValueAnswer,
  writeValueBody,
  type DataValueSetQuery,
} from './schema.ts';

function formatOf(request: FastifyRequest): service.BodyFormat {
  const type = (request.headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || type === '') return 'json';
  if (type === 'application/x-ndjson' || type === 'application/ndjson') return 'ndjson';
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  if (type === 'application/xml' || type === 'text/xml') return 'xml';
  // ADX (IHE Aggregate Data Exchange), DHIS2's other XML.
  if (type === 'application/adx+xml') return 'adx';
  throw new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    415,
    `Kiểu nội dung '${type}' không được hỗ trợ (application/json, application/xml, application/adx+xml, text/csv, application/x-ndjson)`,
    `Content type '${type}' is not supported (application/json, application/xml, application/adx+xml, text/csv, application/x-ndjson)`,
    [
      {
        path: 'headers.content-type',
        messageVi: 'Dùng application/json, application/xml, application/adx+xml, text/csv hoặc application/x-ndjson',
        messageEn: 'Use application/json, application/xml, application/adx+xml, text/csv or application/x-ndjson',
      },
    ],
  );
}

const bodyTooLarge = (limit: number) =>
  new AppError('BODY_TOO_LARGE', 413, `Dữ liệu gửi lên vượt quá ${limit} byte (IMPORT_MAX_BYTES)`, `The body is larger than ${limit} bytes (IMPORT_MAX_BYTES)`, [
    { path: 'body', messageVi: `Vượt quá ${limit} byte`, messageEn: `More than ${limit} bytes` },
  ]);

/** The body as text, counted against the limit as it arrives; a client gone mid-body is a 400, not a 500. */
async function* textOf(stream: Readable, limit: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  try {
    // Stopping early must not destroy the request: the refusal still has to reach the client.
    for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      bytes += buf.length;
      if (bytes > limit) throw bodyTooLarge(limit);
      const text = decoder.write(buf);
      if (text) yield text;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (err as Error).message === 'aborted') {
      throw badRequest('REQUEST_ABORTED', 'Kết nối bị ngắt khi đang gửi dữ liệu; không ghi gì', 'The connection was closed while the body was being sent; nothing was written', [
        { path: 'body', messageVi: 'Dữ liệu gửi lên không đầy đủ', messageEn: 'The body is incomplete' },
      ]);
    }
    throw err;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** A file answered as its text, in its media type (never through a schema). */
function sendFile(reply: FastifyReply, contentType: string, text: string): FastifyReply {
  return reply.type(contentType).send(text);
}

/** The export's format: `format` (or the path's extension, turned into it), else the Accept header, else JSON. */
function exportFormatOf(format: string | undefined, accept: string | undefined): ExportFormat {
  const f = format?.toLowerCase();
  if (f === 'json' || f === 'csv' || f === 'xml' || f === 'adx') return f;
  if (f !== undefined) {
    throw new AppError('UNSUPPORTED_FORMAT', 406, `Định dạng '${format}' không được hỗ trợ (json, csv, xml, adx)`, `Format '${format}' is not supported (json, csv, xml, adx)`, [
      { path: 'querystring.format', messageVi: 'Dùng json, csv, xml hoặc adx', messageEn: 'Use json, csv, xml or adx' },
    ]);
  }
  const a = (accept ?? '').toLowerCase();
  if (a.includes('text/csv') || a.includes('application/csv')) return 'csv';
  if (a.includes('application/adx+xml')) return 'adx';
  if (a.includes('application/xml') || a.includes('text/xml')) return 'xml';
  return 'json';
}

/** DHIS2's import options from the query: its defaults (partial import, CREATE_AND_UPDATE, CODE here), or refused by name. */
function dhis2OptionsOf(query: DataValueSetQuery): Dhis2ImportOptions {
  refuseNonDefaultParams(query);
  const idScheme = parseIdScheme('idScheme', query.idScheme, 'code', { name: true });
  const attributeOptionComboIdScheme = parseIdScheme('attributeOptionComboIdScheme', query.attributeOptionComboIdScheme, idScheme === 'name' ? 'code' : idScheme);
  const dataSetIdScheme = parseIdScheme('dataSetIdScheme', query.dataSetIdScheme, idScheme === 'uid' ? 'uid' : 'code');
  if (dataSetIdScheme === 'id') {
    throw new AppError(
      'UNSUPPORTED_ID_SCHEME',
      409,
      "'dataSetIdScheme=ID' không được hỗ trợ; chế độ báo cáo được gọi bằng mã (CODE) hoặc UID",
      "'dataSetIdScheme=ID' is not supported; report regimes are named by code (CODE) or UID",
      [{ path: 'querystring.dataSetIdScheme', messageVi: 'Dùng CODE hoặc UID', messageEn: 'Use CODE or UID' }],
    );
  }
  if (query.importStrategy !== undefined && query.strategy !== undefined && query.importStrategy !== query.strategy) {
    throw badRequest('VALIDATION_FAILED', 'importStrategy và strategy khác nhau', 'importStrategy and strategy differ', [
      { path: 'querystring.strategy', messageVi: 'Chỉ dùng một', messageEn: 'Use one of them' },
    ]);
  }
  return {
    idSchemes: {
      idScheme,
      dataElementIdScheme: parseIdScheme('dataElementIdScheme', query.dataElementIdScheme, idScheme, { name: true }),
      orgUnitIdScheme: parseIdScheme('orgUnitIdScheme', query.orgUnitIdScheme, idScheme, { name: true }),
      categoryOptionComboIdScheme: parseIdScheme('categoryOptionComboIdScheme', query.categoryOptionComboIdScheme, idScheme, { name: true }),
      attributeOptionComboIdScheme,
      dataSetIdScheme,
    },
    dryRun: query.dryRun === 'true',
    // DHIS2 writes the valid values and lists the rest; the product's all-or-nothing stays a parameter.
    atomic: query.atomic === 'true',
    importStrategy: parseImportStrategy(query.importStrategy ?? query.strategy, query.importStrategy !== undefined ? 'importStrategy' : 'strategy'),
    firstRowIsHeader: query.firstRowIsHeader === undefined ? null : query.firstRowIsHeader === 'true',
    requireCategoryOptionCombo: query.requireCategoryOptionCombo === 'true',
    requireAttributeOptionCombo: query.requireAttributeOptionCombo === 'true',
  };
}

async function importSet(req: FastifyRequest, query: DataValueSetQuery, reply: FastifyReply) {
  const format = formatOf(req);
  const limit = req.server.config.IMPORT_MAX_BYTES;
  // A declared length over the limit is refused before a byte is read; an undeclared one is counted.
  if (Number(req.headers['content-length'] ?? 0) > limit) throw bodyTooLarge(limit);
  const stream = (req.body as Readable | undefined) ?? req.raw;
  const options = dhis2OptionsOf(query);
  if (query.async !== undefined && flagOf(query.async) === null) {
    throw badRequest('VALIDATION_FAILED', `async '${query.async}' không phải true/false`, `async '${query.async}' is not true/false`, [
      { path: 'querystring.async', messageVi: 'true hoặc false', messageEn: 'true or false' },
    ]);
  }
  if (flagOf(query.async) === true) {
    if (req.headers['idempotency-key'] !== undefined) {
      throw new AppError('UNSUPPORTED_PARAMETER', 409, 'Idempotency-Key chưa dùng được với async=true; bỏ một trong hai', 'Idempotency-Key cannot be used with async=true yet; drop one of them', [
        { path: 'headers.idempotency-key', messageVi: 'Không dùng với async=true', messageEn: 'Not with async=true' },
      ]);
    }
    // The body is stored with the job: read whole, within its own (smaller) limit.
    const chunks: string[] = [];
    for await (const text of textOf(stream, Math.min(limit, ASYNC_IMPORT_MAX_BYTES))) chunks.push(text);
    return reply.send(await startAsyncImport(contextOf(req), format, options, Buffer.from(chunks.join(''), 'utf8')));
  }
  const idKey = req.headers['idempotency-key'];
  const result = await service.importDataValueSet(contextOf(req), {
    format,
    body: textOf(stream, limit),
    options,
    idempotencyKey: typeof idKey === 'string' && idKey.length > 0 ? idKey.slice(0, 200) : undefined,
  });
  if (result.replayed) reply.header('Idempotent-Replayed', 'true');
  return reply.status(result.statusCode).send(result.body);
}

export async function dataValueRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['data values'];
  app.get(
    '/api/dataValues',
    { schema: { tags, summary: 'Stored values of a unit (or subtree), by period and data element', querystring: listValuesQuery, response: { 200: storedValuesSchema } } },
    (req) => service.listValues(contextOf(req), req.query),
  );
  app.get('/api/dataValues/history', { schema: { tags, summary: 'Change history of values: who, when, source, old and new', querystring: historyQuery, response: { 200: historySchema } } }, (req) =>
    service.listHistory(contextOf(req), req.query),
  );
  app.post('/api/dataValues', { schema: { tags, summary: 'Write one value (empty value deletes)', body: writeValueBody, response: { 200: writeValueAnswer } } }, (req) =>
    service.writeOneValue(contextOf(req), req.body),
  );

  const taskParams = z.strictObject({ jobType: z.string().max(100), id: z.uuid() });
  app.get(
    '/api/system/tasks/:jobType/:id',
    { schema: { tags, summary: "DHIS2's notifications of an async import (newest first; completed at the end)", params: taskParams, response: { 200: taskNotificationsSchema } } },
    (req) => taskNotifications(contextOf(req), req.params.jobType, req.params.id),
  );
  app.get('/api/system/taskSummaries/:jobType/:id', { schema: { tags, summary: 'The ImportSummary of a finished async import', params: taskParams, response: { 200: importSummarySchema } } }, (req) =>
    taskSummary(contextOf(req), req.params.jobType, req.params.id),
  );
  app.get(
    '/api/dataValueSets',
    {
      schema: {
        tags,
        summary:
          'Export a DHIS2 dataValueSet (JSON, CSV, XML or ADX; also /api/dataValueSets.csv|.xml|.adx|.json): dataSet or dataElement, period or startDate/endDate or lastUpdated, orgUnit (children) or orgUnitGroup',
        querystring: exportQuery,
        response: { 200: { content: { 'application/json': { schema: exportedSetSchema }, ...fileOf('text/csv', 'application/xml', 'application/adx+xml').content } } },
      },
    },
    async (req, reply) => {
      const out = await exportDataValueSet(contextOf(req), { query: req.query, format: exportFormatOf(req.query.format, req.headers.accept) });
      // A file's text (CSV, XML, ADX) as it is; the JSON set through its schema.
      if (typeof out.body === 'string') return sendFile(reply, out.contentType, out.body);
      return reply.type(out.contentType).send(out.body);
    },
  );

  // The machine API reads its body as a stream: its own plugin so that only this route skips buffering.
  await app.register(async (sub) => {
    sub.removeAllContentTypeParsers();
    sub.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    const typed = sub.withTypeProvider<ZodTypeProvider>();
    typed.post(
      '/api/dataValueSets',
      {
        schema: {
          tags,
          summary: 'Import a DHIS2 dataValueSet (JSON, NDJSON or CSV), streamed; Idempotency-Key, dryRun, atomic, idScheme',
          querystring: dataValueSetQuery,
          // The import's summary (409 when nothing was written), or with async=true the job to follow; a 409
          // is also a refusal of the request itself (a parameter, a key in use).
          response: { 200: z.union([importWebMessageSchema, jobWebMessageSchema]), 409: z.union([importWebMessageSchema, errorAnswer]) },
        },
      },
      async (req, reply) => {
        try {
          return await importSet(req, req.query, reply);
        } catch (err) {
          // A refusal may leave part of the body unread: the connection is not reused for another request.
          reply.header('connection', 'close');
          throw err;
        }
      },
    );
  });
}
