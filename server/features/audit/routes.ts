import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authErrors } from '../auth/schemas.ts';
import { errorResponses } from '../shared/schemas.ts';
import { listAuditEntries } from './repository.ts';
import { AuditPage, AuditQuery } from './schemas.ts';

/** The audit log, newest first, for admins: `/api/v1/audit`. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    { config: { role: 'admin' }, schema: { tags: ['audit'], summary: 'Who changed what and when (newest first)', querystring: AuditQuery, response: { 200: AuditPage, ...errorResponses, ...authErrors } } },
    async (req) => {
      const limit = req.query.limit ?? 100;
      const items = await listAuditEntries(app.db, { limit, beforeId: req.query.before, entity: req.query.entity, username: req.query.username, areaCode: req.query.area, action: req.query.action });
      return {
        items: items.map((e) => ({ ...e, at: e.at.toISOString(), request: e.request ?? null, before: e.before ?? null, after: e.after ?? null })),
        next: items.length === limit ? items[items.length - 1].id : null,
      };
    },
  );
};
