import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fileOf, noContent } from '../../../core/contract.ts';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import {
  datasetBody,
  datasetListSchema,
  datasetParams,
  datasetSchema,
  OPEN_MEDIA_TYPES,
  publicDataQuery,
  publicDatasetListSchema,
  publicDatasetSchema,
  publicDatasetQuery,
  publicListQuery,
  publishedReleaseSchema,
  publicTargetsSchema,
  releaseHistorySchema,
  releaseJsonSchema,
  releaseParams,
  releaseSchema,
  scheduleReleaseBody,
  updateDatasetBody,
} from './schema.ts';

function baseUrlOf(req: FastifyRequest): string {
  return (req.server.config.PUBLIC_URL ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
}

/** Answers with the caching headers; 304 when the client already holds this answer. */
function sendCached(
  req: FastifyRequest,
  reply: FastifyReply,
  answer: { body: unknown; contentType?: string; etag: string; lastModified: Date | null; filename?: string; notModified?: boolean; gzip?: Buffer },
) {
  reply.header('etag', answer.etag);
  if (answer.lastModified) reply.header('last-modified', answer.lastModified.toUTCString());
  // Short freshness, then revalidation: a new release changes the tag and is seen within a minute.
  reply.header('cache-control', 'public, max-age=60, must-revalidate');
  reply.header('vary', 'Accept-Language, Accept-Encoding');
  if (answer.notModified || req.headers['if-none-match'] === answer.etag) return reply.status(304).send();
  if (answer.filename) reply.header('content-disposition', `inline; filename="${answer.filename}"`);
  if (answer.contentType) reply.type(answer.contentType);
  if (answer.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    reply.header('content-encoding', 'gzip');
    return reply.send(answer.gzip);
  }
  const body = answer.body;
  return reply.send(typeof body === 'string' || Buffer.isBuffer(body) ? body : answer.contentType ? JSON.stringify(body) : body);
}

/** A media type as the OpenAPI document names it: without the charset (every text answer is UTF-8). */
const media = (type: string) => type.replace(/;\s*charset=[^;]+/, '');

/** 304 Not Modified: the client already holds the answer its If-None-Match names. */
const notModified = noContent.describe('Not modified: the answer the If-None-Match tag names is still current');

/** The data of a version: JSON in its schema; CSV, CSVW metadata, XLSX and SDMX-JSON as files of their media types. */
const dataResponse = {
  content: {
    [media(OPEN_MEDIA_TYPES.json)]: { schema: releaseJsonSchema },
    ...fileOf(...(['csv', 'csvw', 'xlsx', 'sdmx-json'] as const).map((f) => media(OPEN_MEDIA_TYPES[f]))).content,
  },
};

export async function openDataRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['open data'];
  /** Public reads: anyone, without signing in, within a rate limit per address (OPEN_DATA_RATE_LIMIT a minute). */
  const PUBLIC = { public: true, rateLimit: { max: fastify.config.OPEN_DATA_RATE_LIMIT, timeWindow: '1 minute' } };

  // Administration: datasets, the release calendar, freezing (approval) and publication.
  app.get('/api/opendata/datasets', { schema: { tags, summary: 'Datasets the caller manages, with their release calendars', response: { 200: datasetListSchema } } }, (req) =>
    service.listDatasets(contextOf(req)),
  );
  app.get('/api/opendata/datasets/:code', { schema: { tags, summary: 'One dataset with its items and releases', params: datasetParams, response: { 200: datasetSchema } } }, (req) =>
    service.getDataset(contextOf(req), req.params.code),
  );
  app.post('/api/opendata/datasets', { schema: { tags, summary: 'Create a dataset (opendata.manage)', body: datasetBody, response: { 201: datasetSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createDataset(contextOf(req), req.body);
  });
  app.patch(
    '/api/opendata/datasets/:code',
    { schema: { tags, summary: 'Update a dataset (opendata.manage)', params: datasetParams, body: updateDatasetBody, response: { 200: datasetSchema } } },
    (req) => service.updateDataset(contextOf(req), req.params.code, req.body),
  );
  app.delete(
    '/api/opendata/datasets/:code',
    {
      schema: {
        tags,
        summary: 'Delete a dataset that has never published a release (opendata.manage; audited). A published one is refused: 409 DATASET_PUBLISHED',
        params: datasetParams,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await service.deleteDataset(contextOf(req), req.params.code);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/opendata/datasets/:code/releases',
    { schema: { tags, summary: 'Announce a release on the calendar (opendata.schedule)', params: datasetParams, body: scheduleReleaseBody, response: { 201: releaseSchema } } },
    async (req, reply) => {
      reply.status(201);
      return service.scheduleRelease(contextOf(req), req.params.code, req.body);
    },
  );
  app.get(
    '/api/opendata/releases/:id/history',
    {
      schema: {
        tags,
        summary: "A release's audit trail: who announced, froze (approved), published or cancelled it and when (whoever manages the dataset)",
        params: releaseParams,
        response: { 200: releaseHistorySchema },
      },
    },
    (req) => service.releaseHistory(contextOf(req), req.params.id),
  );
  app.post(
    '/api/opendata/releases/:id/freeze',
    { schema: { tags, summary: 'Freeze and approve a release: compute its figures from approved data now (opendata.approve)', params: releaseParams, response: { 200: releaseSchema } } },
    (req) => service.freezeRelease(contextOf(req), req.params.id),
  );
  app.post(
    '/api/opendata/releases/:id/publish',
    { schema: { tags, summary: 'Publish a frozen release whose time has come (opendata.publish)', params: releaseParams, response: { 200: publishedReleaseSchema } } },
    (req) => service.publishRelease(contextOf(req), req.params.id),
  );
  app.post(
    '/api/opendata/releases/:id/cancel',
    { schema: { tags, summary: 'Cancel a release not yet published (opendata.schedule)', params: releaseParams, response: { 200: releaseSchema } } },
    (req) => service.cancelRelease(contextOf(req), req.params.id),
  );

  // Public, no sign-in: only published releases past their embargo.
  app.get(
    '/api/public/opendata/catalog',
    { config: PUBLIC, schema: { tags, summary: 'The DCAT-AP 3 catalogue (JSON-LD) of the published datasets', response: { 200: fileOf(media(OPEN_MEDIA_TYPES['dcat-ld'])), 304: notModified } } },
    async (req, reply) => sendCached(req, reply, await service.publicCatalog(contextOf(req), baseUrlOf(req))),
  );
  app.get(
    '/api/public/opendata/targets',
    {
      config: PUBLIC,
      schema: { tags, summary: 'The strategic targets with their progress and status, as the latest public releases show them', response: { 200: publicTargetsSchema, 304: notModified } },
    },
    async (req, reply) => sendCached(req, reply, await service.publicTargets(contextOf(req))),
  );
  app.get(
    '/api/public/opendata/datasets',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Published datasets with their release calendars (search ignores diacritics)',
        querystring: publicListQuery,
        response: { 200: publicDatasetListSchema, 304: notModified },
      },
    },
    async (req, reply) => sendCached(req, reply, await service.publicListDatasets(contextOf(req), req.query)),
  );
  app.get(
    '/api/public/opendata/datasets/:code',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'A published dataset: metadata, calendar, versions and the figures of one version (latest by default)',
        params: datasetParams,
        querystring: publicDatasetQuery,
        response: { 200: publicDatasetSchema, 304: notModified },
      },
    },
    async (req, reply) => sendCached(req, reply, await service.publicDataset(contextOf(req), req.params.code, req.query.version, baseUrlOf(req))),
  );
  app.get(
    '/api/public/opendata/datasets/:code/structure',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'The SDMX-JSON 2.1.0 structure message of a published version (latest by default): data structure definition, codelists, concept scheme',
        params: datasetParams,
        querystring: publicDatasetQuery,
        response: { 200: fileOf(media(OPEN_MEDIA_TYPES['sdmx-structure'])), 304: notModified },
      },
    },
    async (req, reply) => {
      const tag = req.headers['if-none-match'];
      return sendCached(req, reply, await service.publicStructure(contextOf(req), req.params.code, req.query.version, baseUrlOf(req), typeof tag === 'string' ? tag : undefined));
    },
  );
  app.get(
    '/api/public/opendata/datasets/:code/data',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'A published version as csv, csvw (CSVW metadata), xlsx, json or sdmx-json',
        params: datasetParams,
        querystring: publicDataQuery,
        response: { 200: dataResponse, 304: notModified },
      },
    },
    async (req, reply) => {
      const tag = req.headers['if-none-match'];
      return sendCached(req, reply, await service.publicData(contextOf(req), req.params.code, req.query.format, req.query.version, baseUrlOf(req), typeof tag === 'string' ? tag : undefined));
    },
  );
}
