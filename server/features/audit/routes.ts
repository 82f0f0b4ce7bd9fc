import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditPage, AuditQuery } from '../../contract/audit.ts';
import { authErrors } from '../../contract/auth.ts';
import { errorResponses } from '../../contract/shared.ts';
import { listAuditEntries } from './repository.ts';

/** The audit log, newest first, for admins: `/api/v1/audit`. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'Who changed what and when (newest first)',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errorResponses, ...authErrors },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 100;
      const items = await listAuditEntries(app.db, {
        limit,
        beforeId: req.query.before,
        entity: req.query.entity,
        username: req.query.username,
        areaCode: req.query.area,
        action: req.query.action,
      });
      return { items, next: items.length === limit ? items[items.length - 1].id : null };
    },
  );
};
