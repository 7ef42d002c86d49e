import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../http/auth.ts';
import { passwordSchema } from '../users/schema.ts';
import * as service from './service.ts';
import { meSchema } from './schema.ts';
import { noContent } from '../../../core/contract.ts';

const loginBody = z.strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(200) });

export async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const secure = Boolean(fastify.config.PUBLIC_URL?.startsWith('https://'));
  const setCookies = (reply: FastifyReply, session: string, csrf: string, expires: Date) => {
    reply.setCookie(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires });
    // Readable by the page so it can echo the value in X-CSRF-Token (double submit).
    reply.setCookie(CSRF_COOKIE, csrf, { httpOnly: false, sameSite: 'lax', secure, path: '/', expires });
  };
  const tags = ['auth'];

  app.post(
    '/api/auth/login',
    {
      schema: { tags, summary: 'Sign in with username and password', body: loginBody, response: { 200: meSchema } },
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      const result = await service.login(ctx, req.body.username, req.body.password);
      setCookies(reply, result.sessionToken, result.csrfToken, result.expiresAt);
      return service.me({ ...ctx, actor: { ...ctx.actor, kind: 'user', userId: result.userId } }, result.csrfToken);
    },
  );
  app.post('/api/auth/logout', { schema: { tags, summary: 'Sign out', response: { 204: noContent } } }, async (req, reply) => {
    await service.logout(contextOf(req), req.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });
  app.get('/api/auth/me', { schema: { tags, summary: 'Who is signed in, with scopes and permissions', response: { 200: meSchema } } }, (req) => service.me(contextOf(req), req.sessionCsrf));
  app.post(
    '/api/auth/password',
    { schema: { tags, summary: 'Change own password', body: z.strictObject({ currentPassword: z.string().min(1), newPassword: passwordSchema }), response: { 204: noContent } } },
    async (req, reply) => {
      await service.changeOwnPassword(contextOf(req), req.body.currentPassword, req.body.newPassword, req.sessionId);
      return reply.status(204).send(null);
    },
  );
}
