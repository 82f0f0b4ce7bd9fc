import type { FastifyInstance, FastifyRequest, InjectOptions } from 'fastify';
import { describeWrite } from './describe-write.ts';
import { findAreaCode } from './repository.ts';
import { recordAudit } from './service.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: not recorded by the hooks (the route records itself); otherwise overrides what is derived from the route. */
    audit?: false | { entity?: string; action?: string };
  }
}

interface PendingWrite {
  areaCode: string | null;
  before: unknown;
  answer?: unknown;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Record every successful write through the API in the audit log: who, when, route, params and
 * body, the answer as `after`, and for updates and deletes of a single item the item as it was
 * (`before`, read through the item's own GET route when that is cheap). Entity and action are
 * derived from the route unless it declares `config.audit`. The entry is written before the answer
 * leaves, so a client that saw 2xx finds it in the log.
 */
export function installAuditLog(app: FastifyInstance): void {
  const pending = new WeakMap<FastifyRequest, PendingWrite>();
  const cheapReads = new Set<string>();
  // Captured now: test helpers may wrap app.inject later.
  const inject = app.inject.bind(app) as (opts: InjectOptions) => ReturnType<FastifyInstance['inject']>;

  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (methods.includes('GET') && !route.config?.expensive) cheapReads.add(route.url);
  });

  app.addHook('preHandler', async (request) => {
    if (!WRITE_METHODS.has(request.method) || request.is404 || request.routeOptions.config.audit === false) return;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const areaId = typeof params.areaId === 'string' ? params.areaId : undefined;
    const areaCode = areaId ? ((await findAreaCode(app.db, areaId)) ?? areaId) : null;
    pending.set(request, { areaCode, before: await readBefore(request) });
  });

  app.addHook('preSerialization', async (request, _reply, payload) => {
    const write = pending.get(request);
    if (write) write.answer = payload;
    return payload;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const write = pending.get(request);
    if (!write || reply.statusCode < 200 || reply.statusCode >= 300) return payload;
    pending.delete(request);
    const route = request.routeOptions.url ?? request.url;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const answer = write.answer ?? parseJsonPayload(payload, reply.getHeader('content-type'));
    const declared = request.routeOptions.config.audit || {};
    const what = describeWrite(request.method, route, params, answer, declared);
    const answerCode =
      what.entity === 'areas' && answer !== null && typeof answer === 'object' ? (answer as { code?: unknown }).code : undefined;
    try {
      await recordAudit(app.db, {
        username: request.principal?.username ?? null,
        ip: request.ip,
        method: request.method,
        route,
        status: reply.statusCode,
        areaCode: typeof answerCode === 'string' ? answerCode : write.areaCode,
        ...what,
        request: { params, query: request.query, body: request.body },
        before: write.before,
        after: answer,
      });
    } catch (err) {
      request.log.error({ err }, 'could not write the audit log entry');
    }
    return payload;
  });

  /** The item an update or delete is about to change, read with the caller's own credentials. */
  async function readBefore(request: FastifyRequest): Promise<unknown> {
    const route = request.routeOptions.url;
    if (request.method === 'POST' || !route || !/\/:[^/]+$/.test(route) || !cheapReads.has(route)) return null;
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'cookie'] as const) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const res = await inject({ method: 'GET', url: request.url, headers });
    return res.statusCode === 200 && /json/.test(String(res.headers['content-type'])) ? res.json() : null;
  }
}

function parseJsonPayload(payload: unknown, contentType: unknown): unknown {
  if (typeof payload !== 'string' || !/json/.test(String(contentType)) || payload.length > 1024 * 1024) return null;
  try {
    return JSON.parse(payload);
  } catch {
    return null;
  }
}
