import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { jsonOrFileOf } from '../../../core/contract.ts';
import { contextOf } from '../../http/context.ts';
import { attachment } from '../tasks/routes.ts';
import { buildMonthlyBriefing } from './service.ts';
import { renderBriefingDocx } from './render-docx.ts';
import { renderBriefingPdf } from './render-pdf.ts';
import { conclusionsToTasks, createBriefing, editSection, finaliseBriefing, getBriefing, listBriefingReports, listOutgoingDocuments, setConclusions } from './reports.ts';
import {
  briefingFormat,
  briefingListSchema,
  briefingModelSchema,
  briefingParams,
  briefingReportSchema,
  conclusionsBody,
  conclusionTasksBody,
  conclusionTasksSchema,
  createBriefingBody,
  editSectionBody,
  finaliseBody,
  listBriefingsQuery,
  outgoingDocumentsSchema,
  outgoingQuery,
} from './schema.ts';

export const briefingQuery = z.object({
  /** The month (Decree 09 cut-off), e.g. 202311. */
  month: z.string().regex(/^\d{6}$/, 'Tháng dạng YYYYMM | A month as YYYYMM'),
  /** The issuing unit (code or id:N). */
  orgUnit: z.string().min(1),
  /** Whose figures are quoted (code or id:N); default: the unit holding most targets the caller reads. */
  figureOrgUnit: z.string().min(1).optional(),
  place: z.string().trim().min(1).max(100).optional(),
  format: z.enum(['json', 'docx', 'pdf']).default('json'),
  lang: z.enum(['vi', 'en']).optional(),
});

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF = 'application/pdf';

export async function briefingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/briefings/monthly',
    {
      schema: {
        tags: ['briefings'],
        summary: 'The monthly briefing report from live data (submitted and approved figures, coverage shown): JSON, or DOCX / PDF in the format of Decree 30/2020',
        querystring: briefingQuery,
        response: { 200: jsonOrFileOf(briefingModelSchema, DOCX, PDF) },
      },
    },
    async (req, reply) => {
      const model = await buildMonthlyBriefing(contextOf(req), req.query);
      if (req.query.format === 'json') return model;
      const name = `Bao-cao-giao-ban-${model.issuerCode}-${model.month}.${req.query.format}`;
      const bytes = req.query.format === 'docx' ? await renderBriefingDocx(model) : await renderBriefingPdf(model);
      return reply
        .header('content-type', req.query.format === 'docx' ? DOCX : PDF)
        .header('content-disposition', attachment(name))
        .send(bytes);
    },
  );

  app.get(
    '/api/briefings',
    { schema: { tags: ['briefings'], summary: 'Stored briefings (drafts and finalised) of the units the caller reads', querystring: listBriefingsQuery, response: { 200: briefingListSchema } } },
    async (req) => listBriefingReports(contextOf(req), req.query),
  );
  app.post(
    '/api/briefings',
    {
      schema: {
        tags: ['briefings'],
        summary: 'Starts a draft briefing from live data, or from a finalised one (basedOn: its amended texts carried over, figures recomputed)',
        body: createBriefingBody,
        response: { 201: briefingReportSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createBriefing(contextOf(req), req.body)),
  );
  app.get(
    '/api/briefings/:id',
    {
      schema: {
        tags: ['briefings'],
        summary: 'A stored briefing: JSON (with its document), or the DOCX / PDF of its content (frozen once finalised)',
        params: briefingParams,
        querystring: briefingFormat,
        response: { 200: jsonOrFileOf(briefingReportSchema, DOCX, PDF) },
      },
    },
    async (req, reply) => {
      const view = await getBriefing(contextOf(req), req.params.id);
      if (req.query.format === 'json') return view;
      const number = view.symbol ? `-${view.symbol.split('/')[0]}` : '-du-thao';
      const name = `Bao-cao-giao-ban-${view.orgUnit.code}-${view.month}${number}.${req.query.format}`;
      const bytes = req.query.format === 'docx' ? await renderBriefingDocx(view.document) : await renderBriefingPdf(view.document);
      return reply
        .header('content-type', req.query.format === 'docx' ? DOCX : PDF)
        .header('content-disposition', attachment(name))
        .send(bytes);
    },
  );
  app.put(
    '/api/briefings/:id/sections',
    {
      schema: {
        tags: ['briefings'],
        summary: 'Amends the text of one part of a draft (null restores the generated text)',
        params: briefingParams,
        body: editSectionBody,
        response: { 200: briefingReportSchema },
      },
    },
    async (req) => editSection(contextOf(req), req.params.id, req.body),
  );
  app.put(
    '/api/briefings/:id/conclusions',
    { schema: { tags: ['briefings'], summary: 'Sets the conclusions of a draft (text, lead unit, due date)', params: briefingParams, body: conclusionsBody, response: { 200: briefingReportSchema } } },
    async (req) => setConclusions(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/briefings/:id/finalise',
    {
      schema: {
        tags: ['briefings'],
        summary: 'Finalises a draft: registers its number in the register of outgoing documents and freezes its content',
        params: briefingParams,
        body: finaliseBody,
        response: { 200: briefingReportSchema },
      },
    },
    async (req) => finaliseBriefing(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/briefings/:id/tasks',
    {
      schema: {
        tags: ['briefings'],
        summary: 'Turns the conclusions of a finalised briefing into tasks (source document: the briefing), all at once',
        params: briefingParams,
        body: conclusionTasksBody,
        response: { 201: conclusionTasksSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await conclusionsToTasks(contextOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/outgoing-documents',
    { schema: { tags: ['briefings'], summary: 'The register of outgoing documents of a unit for a year', querystring: outgoingQuery, response: { 200: outgoingDocumentsSchema } } },
    async (req) => listOutgoingDocuments(contextOf(req), req.query),
  );
}
