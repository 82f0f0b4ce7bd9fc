import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, authErrors } from '../../contract/auth.ts';
import { errorResponses } from '../../contract/shared.ts';
import { User as UserSchema, UserCreate, UserList, UserUpdate } from '../../contract/users.ts';
import { listUsers, type User } from './repository.ts';
import * as users from './users-service.ts';

/** User administration (admins only): `/api/v1/users`. Password hashes never leave the server. */
export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['users'];
  const config = { role: 'admin' as const };
  app.get('/users', { config, schema: { tags, summary: 'List users', response: { 200: UserList, ...authErrors } } }, async () => ({
    items: (await listUsers(app.db)).map(userDto),
  }));
  app.get(
    '/users/:id',
    { config, schema: { tags, summary: 'Get a user', params: IdParams, response: { 200: UserSchema, ...errorResponses, ...authErrors } } },
    async (req) => userDto(await users.getUser(app.db, req.params.id)),
  );
  app.post(
    '/users',
    {
      config,
      schema: {
        tags,
        summary: 'Create a user (password: at least 10 characters, not easy to guess)',
        body: UserCreate,
        response: { 201: UserSchema, ...errorResponses, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(userDto(await users.createUser(app.db, req.body))),
  );
  app.patch(
    '/users/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change a user’s role, password or disabled flag (a new password ends their sessions and revokes their API tokens)',
        params: IdParams,
        body: UserUpdate,
        response: { 200: UserSchema, ...errorResponses, ...authErrors },
      },
    },
    async (req) => userDto(await users.updateUser(app.db, req.params.id, req.body)),
  );
  app.delete(
    '/users/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Delete a user (their sessions and tokens end)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses, ...authErrors },
      },
    },
    async (req, reply) => {
      await users.deleteUser(app.db, req.params.id);
      return reply.code(204).send(null);
    },
  );
};

function userDto(u: User): UserSchema {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}
