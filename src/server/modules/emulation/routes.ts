import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import * as council from './council.ts';
import { decisionCertificates } from './certificate.ts';
import { decisionDocument, DOCX_TYPE, PDF_TYPE } from './document.ts';
import { fileOf } from '../../../core/contract.ts';
import { DOSSIER_DOCS, nominationDossier } from './dossier.ts';
import { attachment } from '../tasks/routes.ts';
import { z } from 'zod';
import {
  ballotBoxSchema,
  blindSignatureSchema,
  campaignDetailSchema,
  campaignListSchema,
  commentsSchema,
  computedScoresSchema,
  decisionSchema,
  eligibilityAnswer,
  historyAnswer,
  honourBookSchema,
  idAnswer,
  initiativeListSchema,
  nominatedSchema,
  nominationListSchema,
  okSchema,
  peopleSchema,
  receiptCheckSchema,
  receiptSchema,
  registrationStatusSchema,
  rulesSchema,
  sessionListSchema,
  sessionSchema,
  tallySchema,
  commentBody,
  commentWindowBody,
  ballotBody,
  createCampaignBody,
  criterionBody,
  decisionBody,
  eligibilityQuery,
  historyBody,
  honourBookQuery,
  idParams,
  initiativeBody,
  nominationBody,
  nominationsQuery,
  peopleQuery,
  receiptParams,
  registrationBody,
  registrationDecisionBody,
  reviewerScoreBody,
  sessionBody,
  tokenBody,
  writtenVoteBody,
} from './schema.ts';

export async function emulationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['emulation'];
  const created = <T>(reply: { status: (n: 201) => unknown }, v: T) => {
    reply.status(201);
    return v;
  };
  app.get(
    '/api/emulation/rules',
    { schema: { tags, summary: 'Titles and forms, eligibility rule sets with their legal basis and effective period, council thresholds, cash award tables', response: { 200: rulesSchema } } },
    (req) => service.describeRules(contextOf(req)),
  );
  app.get('/api/emulation/campaigns', { schema: { tags, summary: 'Campaigns organised in or joined from the units I may read', response: { 200: campaignListSchema } } }, (req) =>
    service.listCampaigns(contextOf(req)),
  );
  app.post(
    '/api/emulation/campaigns',
    { schema: { tags, summary: 'Launch a campaign (emulation.manage on the organising unit), with its participants and clusters', body: createCampaignBody, response: { 201: idAnswer } } },
    async (req, reply) => created(reply, await service.createCampaign(contextOf(req), req.body)),
  );
  app.get(
    '/api/emulation/campaigns/:id',
    { schema: { tags, summary: 'A campaign: criteria, scores with their sources, the board by cluster, registrations', params: idParams, response: { 200: campaignDetailSchema } } },
    (req) => service.getCampaign(contextOf(req), req.params.id),
  );
  app.post(
    '/api/emulation/campaigns/:id/criteria',
    { schema: { tags, summary: 'Add a weighted criterion scored from an indicator, from task results or by a reviewer', params: idParams, body: criterionBody, response: { 201: idAnswer } } },
    async (req, reply) => created(reply, await service.addCriterion(contextOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/emulation/campaigns/:id/scores',
    { schema: { tags, summary: 'A reviewer scores a unit on a criterion, with evidence', params: idParams, body: reviewerScoreBody, response: { 200: okSchema } } },
    (req) => service.scoreByReviewer(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/emulation/campaigns/:id/compute',
    { schema: { tags, summary: 'Compute the indicator (approved figures, with coverage) and task criteria', params: idParams, response: { 200: computedScoresSchema } } },
    (req) => service.computeScores(contextOf(req), req.params.id),
  );
  app.post('/api/emulation/campaigns/:id/close', { schema: { tags, summary: 'Close the campaign: its scores are frozen', params: idParams, response: { 200: campaignDetailSchema } } }, (req) =>
    service.closeCampaign(contextOf(req), req.params.id),
  );
  app.post(
    '/api/emulation/campaigns/:id/registrations',
    { schema: { tags, summary: 'Register a unit or a person for a title before the deadline', params: idParams, body: registrationBody, response: { 201: registrationStatusSchema } } },
    async (req, reply) => created(reply, await service.register(contextOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/emulation/registrations/:id/decision',
    { schema: { tags, summary: 'The unit head approves or rejects a registration', params: idParams, body: registrationDecisionBody, response: { 200: registrationStatusSchema } } },
    (req) => service.decideRegistration(contextOf(req), req.params.id, req.body.approve, req.body.note),
  );
  app.get('/api/emulation/initiatives', { schema: { tags, summary: 'Recognised initiatives with their decision and scope of effect', response: { 200: initiativeListSchema } } }, (req) =>
    service.listInitiatives(contextOf(req)),
  );
  app.post('/api/emulation/initiatives', { schema: { tags, summary: 'Record a recognised initiative', body: initiativeBody, response: { 201: idAnswer } } }, async (req, reply) =>
    created(reply, await service.createInitiative(contextOf(req), req.body)),
  );
  app.post(
    '/api/emulation/history',
    { schema: { tags, summary: "Enter a past year from the archive: a person's rating or a unit's result, and titles with their decisions", body: historyBody, response: { 200: historyAnswer } } },
    (req) => service.recordHistory(contextOf(req), req.body),
  );
  app.get(
    '/api/emulation/honour-book',
    { schema: { tags, summary: 'The honour book: titles and awards per person and unit, searchable', querystring: honourBookQuery, response: { 200: honourBookSchema } } },
    (req) => service.honourBook(contextOf(req), req.query),
  );
  app.get(
    '/api/emulation/people',
    { schema: { tags, summary: 'People of the units I may read, found by name (diacritics and case ignored), for the forms', querystring: peopleQuery, response: { 200: peopleSchema } } },
    (req) => service.searchPeople(contextOf(req), req.query),
  );
  app.get(
    '/api/emulation/eligibility',
    {
      schema: {
        tags,
        summary: 'Eligibility for every title of a person or a unit in a year, with the reason and article for every condition',
        querystring: eligibilityQuery,
        response: { 200: eligibilityAnswer },
      },
    },
    (req) => service.eligibilityOf(contextOf(req), req.query),
  );
  app.get('/api/emulation/nominations', { schema: { tags, summary: 'Nominations of the units I may read', querystring: nominationsQuery, response: { 200: nominationListSchema } } }, (req) =>
    service.listNominations(contextOf(req), req.query),
  );
  app.post(
    '/api/emulation/nominations',
    { schema: { tags, summary: 'Nominate a person or a unit; refused when not eligible unless an override reason is given', body: nominationBody, response: { 201: nominatedSchema } } },
    async (req, reply) => created(reply, await service.nominate(contextOf(req), req.body)),
  );
  app.get(
    '/api/emulation/nominations/:id/comments',
    {
      schema: {
        tags,
        summary: 'The public comment period of a nomination (Decree 98/2023, Article 46 clause 2), the comments received, and whether it may go to the council',
        params: idParams,
        response: { 200: commentsSchema },
      },
    },
    (req) => service.getComments(contextOf(req), req.params.id),
  );
  app.put(
    '/api/emulation/nominations/:id/comment-period',
    {
      schema: {
        tags,
        summary: 'Publicise a nominee for comment: the period (at least the working days the rule requires) and where it is published',
        params: idParams,
        body: commentWindowBody,
        response: { 200: commentsSchema },
      },
    },
    (req) => service.setCommentWindow(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/emulation/nominations/:id/comments',
    { schema: { tags, summary: 'Record a comment received during the period', params: idParams, body: commentBody, response: { 201: idAnswer } } },
    async (req, reply) => created(reply, await service.addComment(contextOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/emulation/nominations/:id/dossier',
    {
      schema: {
        tags,
        summary:
          "The nomination's dossier from the records as DOCX or PDF: tờ trình (submission), báo cáo thành tích (achievement report), biên bản họp (council minutes, the tally recounted from the published box)",
        params: idParams,
        querystring: z.object({ doc: z.enum(DOSSIER_DOCS), format: z.enum(['docx', 'pdf']).default('docx') }),
        response: { 200: fileOf(DOCX_TYPE, PDF_TYPE) },
      },
    },
    async (req, reply) => {
      const doc = await nominationDossier(contextOf(req), req.params.id, req.query.doc, req.query.format);
      return reply.header('content-type', doc.contentType).header('content-disposition', attachment(doc.fileName)).send(doc.bytes);
    },
  );
  app.get('/api/emulation/sessions', { schema: { tags, summary: 'Council sessions: the ones I sit on, or manage', response: { 200: sessionListSchema } } }, (req) =>
    council.listSessions(contextOf(req)),
  );
  app.post(
    '/api/emulation/sessions',
    { schema: { tags, summary: 'Open a council session: members, nominations, voting window, quorum; a signing key is made for it', body: sessionBody, response: { 201: idAnswer } } },
    async (req, reply) => created(reply, await council.createSession(contextOf(req), req.body)),
  );
  app.get('/api/emulation/sessions/:id', { schema: { tags, summary: 'A session as a member or the secretary sees it', params: idParams, response: { 200: sessionSchema } } }, (req) =>
    council.getSession(contextOf(req), req.params.id),
  );
  app.post(
    '/api/emulation/sessions/:id/tokens',
    { schema: { tags, summary: "A member's one ballot token, signed blindly", params: idParams, body: tokenBody, response: { 200: blindSignatureSchema } } },
    (req) => council.issueToken(contextOf(req), req.params.id, req.body.blinded),
  );
  // Open to anonymous callers: the signed token is the right to vote, and the web client sends the ballot without
  // its session cookie so that nothing of the member travels with it.
  app.post(
    '/api/emulation/sessions/:id/ballots',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Cast a ballot with a signed token; no identity is asked or kept; answers the receipt', params: idParams, body: ballotBody, response: { 201: receiptSchema } },
    },
    async (req, reply) => created(reply, await council.castBallot(contextOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/emulation/sessions/:id/written-votes',
    { schema: { tags, summary: "The secretary enters an absent member's written vote", params: idParams, body: writtenVoteBody, response: { 201: receiptSchema } } },
    async (req, reply) => created(reply, await council.recordWrittenVote(contextOf(req), req.params.id, req.body.member, req.body.choices)),
  );
  app.post('/api/emulation/sessions/:id/close', { schema: { tags, summary: 'Close the vote, count it and publish the box and the result', params: idParams, response: { 200: tallySchema } } }, (req) =>
    council.closeSession(contextOf(req), req.params.id),
  );
  app.get(
    '/api/emulation/sessions/:id/box',
    { schema: { tags, summary: 'The ballot box: receipts while voting; every ballot, the public key and the rules once closed', params: idParams, response: { 200: ballotBoxSchema } } },
    (req) => council.getBallotBox(contextOf(req), req.params.id),
  );
  app.get('/api/emulation/sessions/:id/receipts/:receipt', { schema: { tags, summary: 'Whether a receipt is in the box', params: receiptParams, response: { 200: receiptCheckSchema } } }, (req) =>
    council.checkReceipt(contextOf(req), req.params.id, req.params.receipt),
  );
  app.post(
    '/api/emulation/decisions',
    { schema: { tags, summary: 'The decision on a closed session: the passed nominations enter the honour book with their cash award', body: decisionBody, response: { 201: decisionSchema } } },
    async (req, reply) => created(reply, await service.createDecision(contextOf(req), req.body)),
  );
  app.get('/api/emulation/decisions/:id', { schema: { tags, summary: 'A decision with its list', params: idParams, response: { 200: decisionSchema } } }, (req) =>
    service.getDecision(contextOf(req), req.params.id),
  );
  app.get(
    '/api/emulation/decisions/:id/certificates',
    {
      schema: {
        tags,
        summary: 'The certificates of a decision as one PDF, a landscape page per person or unit commended (or only `award`)',
        params: idParams,
        querystring: z.object({ award: z.coerce.number().int().positive().optional() }).strict(),
        response: { 200: fileOf(PDF_TYPE) },
      },
    },
    async (req, reply) => {
      const doc = await decisionCertificates(contextOf(req), req.params.id, req.query.award);
      return reply.header('content-type', doc.contentType).header('content-disposition', attachment(doc.fileName)).send(doc.bytes);
    },
  );
  app.get(
    '/api/emulation/decisions/:id/document',
    {
      schema: {
        tags,
        summary: 'The decision as DOCX or PDF in the layout of Decree 30/2020',
        params: idParams,
        querystring: z.object({ format: z.enum(['docx', 'pdf']).default('docx') }),
        response: { 200: fileOf(DOCX_TYPE, PDF_TYPE) },
      },
    },
    async (req, reply) => {
      const doc = await decisionDocument(contextOf(req), req.params.id, req.query.format);
      return reply.header('content-type', doc.contentType).header('content-disposition', attachment(doc.fileName)).send(doc.bytes);
    },
  );
}
