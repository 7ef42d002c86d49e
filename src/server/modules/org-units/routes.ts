import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.ts';
import { badRequest } from '../../http/errors.ts';
import * as service from './service.ts';
import { exportOrgUnitsFor, importOrgUnits, parseOrgUnitCsv } from './import-export.ts';
import {
  closeOrgUnitBody,
  createGroupBody,
  createdGroupSchema,
  createOrgUnitBody,
  editMembersBody,
  exportQuery,
  groupParams,
  groupSchema,
  groupWithMembersSchema,
  importSummarySchema,
  importQuery,
  langQuery,
  levelSchema,
  lineageSchema,
  listGroupsQuery,
  listOrgUnitsQuery,
  mergeOrgUnitBody,
  moveOrgUnitBody,
  orgUnitDetailSchema,
  orgUnitExportRowSchema,
  orgUnitPageSchema,
  refParams,
  splitOrgUnitBody,
  subtreeQuery,
  subtreeSchema,
  updateGroupBody,
  updateOrgUnitBody,
} from './schema.ts';

export async function orgUnitRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['org units'];

  // Hierarchy files arrive as CSV text; this parser is scoped to this plugin's routes.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.get(
    '/api/orgUnits',
    {
      schema: { tags, summary: "List org units: search ignoring accents, filters, Vietnamese order, within the caller's scope", querystring: listOrgUnitsQuery, response: { 200: orgUnitPageSchema } },
    },
    (req) => service.listOrgUnits(contextOf(req), req.query),
  );

  app.get(
    '/api/orgUnits/export',
    {
      schema: {
        tags,
        summary: 'Export the hierarchy as CSV or JSON',
        querystring: exportQuery,
        response: { 200: { content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: z.array(orgUnitExportRowSchema) } } } },
      },
    },
    async (req, reply) => {
      const body = await exportOrgUnitsFor(contextOf(req), req.query.format);
      if (req.query.format === 'json') return reply.type('application/json; charset=utf-8').send(body);
      // The BOM lets spreadsheet programs read the Vietnamese names as UTF-8.
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="org-units.csv"').send(`\uFEFF${body}`);
    },
  );

  app.post(
    '/api/orgUnits/import',
    {
      schema: {
        tags,
        summary: 'Import the hierarchy (JSON array or text/csv): upsert by code, all or nothing; dryRun=true only checks',
        querystring: importQuery,
        response: { 200: importSummarySchema },
      },
    },
    async (req) => {
      const body: unknown = req.body;
      const ctx = contextOf(req);
      if (typeof body === 'string') return importOrgUnits(ctx, parseOrgUnitCsv(body), { dryRun: req.query.dryRun, firstRowNumber: 2 });
      if (Array.isArray(body)) return importOrgUnits(ctx, body as Record<string, unknown>[], { dryRun: req.query.dryRun, firstRowNumber: 1 });
      throw badRequest('INVALID_IMPORT_BODY', 'Cần một mảng JSON các dòng hoặc nội dung text/csv', 'Expected a JSON array of rows or a text/csv body', [
        { path: 'body', messageVi: 'phải là mảng JSON hoặc CSV', messageEn: 'must be a JSON array or CSV' },
      ]);
    },
  );

  app.get(
    '/api/orgUnits/:ref',
    {
      schema: { tags, summary: 'One org unit with parent, children count, groups, lineage and breadcrumb', params: refParams, querystring: langQuery, response: { 200: orgUnitDetailSchema } },
    },
    (req) => service.getOrgUnit(contextOf(req), req.params.ref),
  );

  app.get(
    '/api/orgUnits/:ref/subtree',
    {
      schema: { tags, summary: 'All descendants of a unit, optionally limited in depth', params: refParams, querystring: subtreeQuery, response: { 200: subtreeSchema } },
    },
    (req) => service.getSubtree(contextOf(req), req.params.ref, { depth: req.query.depth, includeClosed: req.query.includeClosed }),
  );

  app.get(
    '/api/orgUnits/:ref/lineage',
    {
      schema: { tags, summary: 'Predecessors and successors of a unit (mergers, splits, renames)', params: refParams, querystring: langQuery, response: { 200: lineageSchema } },
    },
    (req) => service.getLineage(contextOf(req), req.params.ref),
  );

  app.post(
    '/api/orgUnits',
    {
      schema: { tags, summary: 'Create an org unit under a parent', body: createOrgUnitBody, response: { 201: orgUnitDetailSchema } },
    },
    async (req, reply) => {
      const created = await service.createOrgUnit(contextOf(req), req.body);
      reply.status(201);
      return created;
    },
  );

  app.patch(
    '/api/orgUnits/:ref',
    {
      schema: { tags, summary: 'Update names, type, dates, attributes and groups of a unit', params: refParams, body: updateOrgUnitBody, response: { 200: orgUnitDetailSchema } },
    },
    (req) => service.updateOrgUnit(contextOf(req), req.params.ref, req.body),
  );

  app.post(
    '/api/orgUnits/:ref/move',
    {
      schema: { tags, summary: 'Move a unit and its subtree under another parent', params: refParams, body: moveOrgUnitBody, response: { 200: orgUnitDetailSchema } },
    },
    (req) => service.moveOrgUnit(contextOf(req), req.params.ref, req.body),
  );

  app.post(
    '/api/orgUnits/:ref/close',
    {
      schema: { tags, summary: 'Close a unit on a date (its last open day)', params: refParams, body: closeOrgUnitBody, response: { 200: orgUnitDetailSchema } },
    },
    (req) => service.closeOrgUnit(contextOf(req), req.params.ref, req.body),
  );

  app.post(
    '/api/orgUnits/:ref/merge',
    {
      schema: { tags, summary: 'Merge a unit into another from an effective date (closes it the day before)', params: refParams, body: mergeOrgUnitBody, response: { 200: orgUnitDetailSchema } },
    },
    (req) => service.mergeOrgUnit(contextOf(req), req.params.ref, req.body),
  );

  app.post(
    '/api/orgUnits/:ref/split',
    {
      schema: { tags, summary: 'Split a unit into several from an effective date (closes it the day before)', params: refParams, body: splitOrgUnitBody, response: { 200: orgUnitDetailSchema } },
    },
    (req) => service.splitOrgUnit(contextOf(req), req.params.ref, req.body),
  );

  app.get(
    '/api/orgUnitGroups',
    {
      schema: { tags, summary: 'List org unit groups and sectors', querystring: listGroupsQuery, response: { 200: z.array(groupSchema) } },
    },
    (req) => service.listGroups(contextOf(req), req.query.kind),
  );

  app.get(
    '/api/orgUnitGroups/:code',
    {
      schema: { tags, summary: 'One group with the members the caller may read', params: groupParams, querystring: langQuery, response: { 200: groupWithMembersSchema } },
    },
    (req) => service.getGroup(contextOf(req), req.params.code),
  );

  app.post(
    '/api/orgUnitGroups',
    {
      schema: { tags, summary: 'Create a group or sector (system-wide writers)', body: createGroupBody, response: { 201: createdGroupSchema } },
    },
    async (req, reply) => {
      const created = await service.createGroup(contextOf(req), req.body);
      reply.status(201);
      return created;
    },
  );

  app.patch(
    '/api/orgUnitGroups/:code',
    {
      schema: { tags, summary: 'Rename a group or change its kind', params: groupParams, body: updateGroupBody, response: { 200: groupSchema } },
    },
    (req) => service.updateGroup(contextOf(req), req.params.code, req.body),
  );

  app.post(
    '/api/orgUnitGroups/:code/members',
    {
      schema: { tags, summary: 'Add and remove members of a group', params: groupParams, body: editMembersBody, response: { 200: groupWithMembersSchema } },
    },
    (req) => service.editGroupMembers(contextOf(req), req.params.code, req.body),
  );

  app.get(
    '/api/orgUnitLevels',
    {
      schema: { tags, summary: 'Levels of the hierarchy and their names', querystring: langQuery, response: { 200: z.array(levelSchema) } },
    },
    (req) => service.listLevels(contextOf(req)),
  );
}
