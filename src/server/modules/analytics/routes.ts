import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { toCsv, toXlsx } from './output.ts';
import { analyticsQuery, explainQuery, UNSUPPORTED_ANALYTICS_PARAMS, type AnalyticsQuery } from './schema.ts';
import { AppError } from '../../http/errors.ts';

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

async function send(req: FastifyRequest, reply: FastifyReply, query: AnalyticsQuery, format: 'json' | 'csv' | 'xlsx', run = service.queryAnalytics) {
  refuseUnsupported(query as Record<string, unknown>);
  let result = await asDhis2(() => run(contextOf(req), query));
  // DHIS2's order: rows sorted on the value (the kept answer is shared, so the rows are copied first).
  if (query.order) {
    const at = result.headers.findIndex((h) => h.name === 'value');
    const sign = query.order === 'ASC' ? 1 : -1;
    result = { ...result, rows: [...result.rows].sort((a, b) => sign * (Number(a[at]) - Number(b[at]))) };
  }
  // DHIS2's skipMeta and skipData: the answer without its metaData, or without its rows.
  if (query.skipMeta === 'true' || query.skipData === 'true') {
    result = { ...result };
    if (query.skipMeta === 'true') delete (result as { metaData?: unknown }).metaData;
    if (query.skipData === 'true') Object.assign(result, { rows: [], height: 0 });
  }
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="analytics.csv"').send(toCsv(result));
  if (format === 'xlsx') {
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="analytics.xlsx"')
      .send(await toXlsx(result));
  }
  return result;
}

export async function analyticsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];
  const summary = 'Aggregated values, live: dimension=dx:…;…&dimension=pe:…&dimension=ou:…&filter=…';
  app.get('/api/analytics', { schema: { tags, summary, querystring: analyticsQuery } }, (req, reply) => send(req, reply, req.query, req.query.format ?? 'json'));
  app.get('/api/analytics.json', { schema: { tags, summary, querystring: analyticsQuery } }, (req, reply) => send(req, reply, req.query, 'json'));
  app.get('/api/analytics.csv', { schema: { tags, summary: 'Analytics as CSV', querystring: analyticsQuery } }, (req, reply) => send(req, reply, req.query, 'csv'));
  app.get('/api/analytics.xlsx', { schema: { tags, summary: 'Analytics as an Excel workbook', querystring: analyticsQuery } }, (req, reply) => send(req, reply, req.query, 'xlsx'));
  // DHIS2's analytics as a data value set, and the raw values behind a request (same access, same data status).
  const dataValueSet = { tags, summary: 'The analytics answer as DHIS2 data values (dataElement, period, orgUnit, categoryOptionCombo, attributeOptionCombo, value)', querystring: analyticsQuery };
  const dataValueSetOf = (req: FastifyRequest, query: AnalyticsQuery) => {
    refuseUnsupported(query as Record<string, unknown>);
    return asDhis2(() => service.queryDataValueSet(contextOf(req), query));
  };
  app.get('/api/analytics/dataValueSet', { schema: dataValueSet }, (req) => dataValueSetOf(req, req.query));
  app.get('/api/analytics/dataValueSet.json', { schema: dataValueSet }, (req) => dataValueSetOf(req, req.query));
  const rawData = { tags, summary: 'The stored values behind the dimensions asked for, one row each, not aggregated', querystring: analyticsQuery };
  app.get('/api/analytics/rawData', { schema: rawData }, (req, reply) => send(req, reply, req.query, req.query.format ?? 'json', service.queryRawData));
  app.get('/api/analytics/rawData.json', { schema: rawData }, (req, reply) => send(req, reply, req.query, 'json', service.queryRawData));
  app.get('/api/analytics/explain', { schema: { tags, summary: 'How one cell was computed: raw values, aggregation, arithmetic', querystring: explainQuery } }, (req) =>
    service.explainCell(contextOf(req), req.query),
  );
}
