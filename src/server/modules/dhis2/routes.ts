import type { FastifyInstance } from 'fastify';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';

export async function dhis2Routes(app: FastifyInstance) {
  const tags = ['dhis2'];
  app.get('/api/me', { schema: { tags, summary: 'DHIS2 /api/me: the caller (user or token), its org units and authorities' } }, (req) => service.dhis2Me(contextOf(req)));
  app.get('/api/system/info', { schema: { tags, summary: 'DHIS2 /api/system/info: the API level this server follows, its time and calendar' } }, (req) =>
    service.systemInfo(contextOf(req), { protocol: req.protocol, host: req.host, userAgent: req.headers['user-agent'] }),
  );
}
