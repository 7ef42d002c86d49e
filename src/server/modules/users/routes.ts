import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/context.ts';
import * as service from './service.ts';
import { createUserBody, idParams, listUsersQuery, resetPasswordBody, updateUserBody, userSchema } from './schema.ts';

export async function userRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];
  app.get(
    '/api/users',
    { schema: { tags, summary: 'List users (administrators)', querystring: listUsersQuery, response: { 200: z.strictObject({ total: z.number(), items: z.array(userSchema) }) } } },
    (req) => service.listUsers(contextOf(req), req.query),
  );
  app.get('/api/users/:id', { schema: { tags, summary: 'One user with role assignments', params: idParams, response: { 200: userSchema } } }, (req) => service.getUser(contextOf(req), req.params.id));
  app.post('/api/users', { schema: { tags, summary: 'Create a user', body: createUserBody, response: { 201: userSchema } } }, async (req, reply) => {
    reply.status(201);
    return service.createUser(contextOf(req), req.body);
  });
  app.patch('/api/users/:id', { schema: { tags, summary: 'Update a user, roles and scopes', params: idParams, body: updateUserBody, response: { 200: userSchema } } }, (req) =>
    service.updateUser(contextOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/users/:id/reset-password',
    { schema: { tags, summary: 'Reset a password (administrator)', params: idParams, body: resetPasswordBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await service.resetPassword(contextOf(req), req.params.id, req.body.newPassword);
      return reply.status(204).send(null);
    },
  );
}
