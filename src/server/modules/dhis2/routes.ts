import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { dhis2MeSchema, systemInfoSchema } from './schema.ts';

export async function dhis2Routes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['dhis2'];
  app.get('/api/me', { schema: { tags, summary: 'DHIS2 /api/me: the caller (user or token), its org units and authorities', response: { 200: dhis2MeSchema } } }, (req) =>
    service.dhis2Me(contextOf(req)),
  );
  app.get('/api/system/info', { schema: { tags, summary: 'DHIS2 /api/system/info: the API level this server follows, its time and calendar', response: { 200: systemInfoSchema } } }, (req) =>
    service.systemInfo(contextOf(req), { protocol: req.protocol, host: req.host, userAgent: req.headers['user-agent'] }),
  );
}
