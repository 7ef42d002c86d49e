import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { toCsv, toXlsx } from './output.ts';
import { analyticsAnswerSchema, analyticsDataValueSetSchema, analyticsQuery, explainQuery, explanationSchema, UNSUPPORTED_ANALYTICS_PARAMS, type AnalyticsQuery } from './schema.ts';
import { fileOf } from '../../../core/contract.ts';
import { AppError } from '../../http/errors.ts';

const CSV_TYPE = 'text/csv';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** DHIS2 parameters that are not honoured yet are refused by name unless they carry their harmless default. */
function refuseUnsupported(query: Record<string, unknown>) {
  for (const [param, harmless] of Object.entries(UNSUPPORTED_ANALYTICS_PARAMS)) {
    const v = query[param];
    if (v === undefined) continue;
    if (harmless !== null && String(v).toUpperCase() === harmless.toUpperCase()) continue;
    throw new AppError(
      'UNSUPPORTED_PARAMETER',
      409,
      `Tham số phân tích '${param}=${String(v)}' chưa được hỗ trợ; bỏ tham số này`,
      `Analytics parameter '${param}=${String(v)}' is not supported yet; leave it out`,
      [{ path: `querystring.${param}`, messageVi: 'Chưa được hỗ trợ', messageEn: 'Not supported yet' }],
    );
  }
}

/** A bad analytics request is a 409 with DHIS2's E71xx code, as DHIS2 answers it, on the analytics routes. */
async function asDhis2<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && err.dhis2Code && err.status === 400) {
      throw new AppError(err.code, 409, err.messageVi, err.messageEn, err.details).withDhis2Code(err.dhis2Code);
    }
    throw err;
  }
}

type Answer = z.output<typeof analyticsAnswerSchema>;

/** The grid asked for, sorted and trimmed as DHIS2's order, skipMeta and skipData say. */
async function answerOf(req: FastifyRequest, query: AnalyticsQuery, run = service.queryAnalytics): Promise<Answer> {
  refuseUnsupported(query as Record<string, unknown>);
  let result: Answer = await asDhis2(() => run(contextOf(req), query));
  // DHIS2's order: rows sorted on the value (the kept answer is shared, so the rows are copied first).
  if (query.order) {
    const at = result.headers.findIndex((h) => h.name === 'value');
    const sign = query.order === 'ASC' ? 1 : -1;
    result = { ...result, rows: [...result.rows].sort((a, b) => sign * (Number(a[at]) - Number(b[at]))) };
  }
  // DHIS2's skipMeta and skipData: the answer without its metaData, or without its rows.
  if (query.skipMeta === 'true') {
    const { metaData: _left, ...rest } = result;
    result = rest;
  }
  if (query.skipData === 'true') result = { ...result, rows: [], height: 0 };
  return result;
}

/** The grid as a CSV or Excel download. */
async function sendFile(reply: FastifyReply, result: Answer, format: 'csv' | 'xlsx'): Promise<void> {
  if (format === 'csv') reply.type(`${CSV_TYPE}; charset=utf-8`).header('content-disposition', 'attachment; filename="analytics.csv"').send(toCsv(result));
  else
    reply
      .type(XLSX_TYPE)
      .header('content-disposition', 'attachment; filename="analytics.xlsx"')
      .send(await toXlsx(result));
}

/** The grid in JSON, or as the file `format` names. */
async function send(req: FastifyRequest, reply: FastifyReply, query: AnalyticsQuery, format: 'json' | 'csv' | 'xlsx', run = service.queryAnalytics): Promise<Answer | undefined> {
  const result = await answerOf(req, query, run);
  if (format === 'json') return result;
  await sendFile(reply, result, format);
  return undefined;
}

export async function analyticsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];
  const summary = 'Aggregated values, live: dimension=dx:…;…&dimension=pe:…&dimension=ou:…&filter=…';
  // The grid in JSON, or (format=csv|xlsx, or the path's extension) as a file.
  const grid = { 200: analyticsAnswerSchema };
  const gridOrFile = { 200: { content: { 'application/json': { schema: analyticsAnswerSchema }, ...fileOf(CSV_TYPE, XLSX_TYPE).content } } };
  app.get('/api/analytics', { schema: { tags, summary, querystring: analyticsQuery, response: gridOrFile } }, (req, reply) => send(req, reply, req.query, req.query.format ?? 'json'));
  app.get('/api/analytics.json', { schema: { tags, summary, querystring: analyticsQuery, response: grid } }, (req) => answerOf(req, req.query));
  app.get('/api/analytics.csv', { schema: { tags, summary: 'Analytics as CSV', querystring: analyticsQuery, response: { 200: fileOf(CSV_TYPE) } } }, async (req, reply) =>
    sendFile(reply, await answerOf(req, req.query), 'csv'),
  );
  app.get('/api/analytics.xlsx', { schema: { tags, summary: 'Analytics as an Excel workbook', querystring: analyticsQuery, response: { 200: fileOf(XLSX_TYPE) } } }, async (req, reply) =>
    sendFile(reply, await answerOf(req, req.query), 'xlsx'),
  );
  // DHIS2's analytics as a data value set, and the raw values behind a request (same access, same data status).
  const dataValueSet = {
    tags,
    summary: 'The analytics answer as DHIS2 data values (dataElement, period, orgUnit, categoryOptionCombo, attributeOptionCombo, value)',
    querystring: analyticsQuery,
    response: { 200: analyticsDataValueSetSchema },
  };
  const dataValueSetOf = (req: FastifyRequest, query: AnalyticsQuery) => {
    refuseUnsupported(query as Record<string, unknown>);
    return asDhis2(() => service.queryDataValueSet(contextOf(req), query));
  };
  app.get('/api/analytics/dataValueSet', { schema: dataValueSet }, (req) => dataValueSetOf(req, req.query));
  app.get('/api/analytics/dataValueSet.json', { schema: dataValueSet }, (req) => dataValueSetOf(req, req.query));
  const rawData = { tags, summary: 'The stored values behind the dimensions asked for, one row each, not aggregated', querystring: analyticsQuery };
  const rawDataOrFile = { ...rawData, response: gridOrFile };
  app.get('/api/analytics/rawData', { schema: rawDataOrFile }, (req, reply) => send(req, reply, req.query, req.query.format ?? 'json', service.queryRawData));
  app.get('/api/analytics/rawData.json', { schema: { ...rawData, response: grid } }, (req) => answerOf(req, req.query, service.queryRawData));
  app.get(
    '/api/analytics/explain',
    { schema: { tags, summary: 'How one cell was computed: raw values, aggregation, arithmetic', querystring: explainQuery, response: { 200: explanationSchema } } },
    (req) => service.explainCell(contextOf(req), req.query),
  );
}
