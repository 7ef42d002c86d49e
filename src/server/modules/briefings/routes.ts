import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.ts';
import { attachment } from '../tasks/routes.ts';
import { buildMonthlyBriefing } from './service.ts';
import { renderBriefingDocx } from './render-docx.ts';
import { renderBriefingPdf } from './render-pdf.ts';

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

export async function briefingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/briefings/monthly',
    { schema: { tags: ['briefings'], summary: "The monthly briefing report from live data (submitted and approved figures, coverage shown): JSON, or DOCX / PDF in the format of Decree 30/2020", querystring: briefingQuery } },
    async (req, reply) => {
      const model = await buildMonthlyBriefing(contextOf(req), req.query);
      if (req.query.format === 'json') return model;
      const name = `Bao-cao-giao-ban-${model.issuerCode}-${model.month}.${req.query.format}`;
      const bytes = req.query.format === 'docx' ? await renderBriefingDocx(model) : await renderBriefingPdf(model);
      return reply.header('content-type', req.query.format === 'docx' ? DOCX : 'application/pdf').header('content-disposition', attachment(name)).send(bytes);
    },
  );
}
